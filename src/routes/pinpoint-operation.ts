// One factory for every Pinpoint operation (msw-style: one place, not near-copies): it reads
// the harness headers, waits the delay, answers an injected error, and only then lets the
// operation do its work; a fault breaks the 200 the operation would have sent. The harness
// modules are pure; this is where their decisions meet the request.

import { type Decision, decide, readAttempt } from '../harness/decide';
import { breakBody } from '../harness/fault';
import { type ParsedHarness, parseHarness } from '../harness/parse';
import { PROGRESSION_GRAMMAR, type ProgressionHeader } from '../harness/progression-header';
import { unitHash } from '../hash';
import { ApiError, badRequest, type ErrorName, orBadRequest } from '../http/errors';
import { jsonReply, type Reply } from '../http/reply';
import { invalidHeader } from '../invalid';
import { ATTEMPT_QUIET_MS } from '../limits';
import { isS3ErrorCode } from '../s3/errors';
import type { Tally, TallyAsk } from '../tenants/tenant-state';
import { type Call, type Handler, tenantOf } from './call';

/** What an operation answers: its JSON and status, and what of the harness it applied. */
export interface Answer {
  status: number;
  json: string;
  applied?: readonly string[];
}

export type Operation = (call: Call, harness: ParsedHarness) => Promise<Answer> | Answer;

/** What x-mock-progression means to an operation: a life replayed from its `start` (a GET), a
 *  life that starts now and so takes no `start` (a create), or nothing (a list). */
export type ProgressionUse = 'replayed' | 'from-now' | 'none';

/** For each use, what a value that does not fit it is expected to be instead. */
const PROGRESSION_MISFIT: Record<ProgressionUse, (p: ProgressionHeader) => string | null> = {
  replayed: (p) => (p.start === undefined ? `a start on a GET: ${PROGRESSION_GRAMMAR}` : null),
  'from-now': (p) => (p.start === undefined ? null : 'no start on CreateExportJob: the job starts when it is created'),
  none: () => 'x-mock-progression only on GetExportJob and CreateExportJob',
};

const NOTHING_COUNTED: Tally = Object.freeze({});

/** What the tenant counts for the harness, when it is asked to: attempts for clients that send
 *  no amz-sdk-request, and a seed's sequence. Nothing, and no call, otherwise. */
function tally(call: Call, harness: ParsedHarness): Promise<Tally> | typeof NOTHING_COUNTED {
  const countAttempts = countsAttempts(call, harness);
  if (!countAttempts && harness.seed === undefined) return NOTHING_COUNTED; // most requests: no await, no call
  const tenant = tenantOf(call);
  const ask: TallyAsk = { seed: harness.seed };
  if (countAttempts) ask.attempt = { key: callKey(call.request), failUpTo: harness.errorAttempts as number, quietMs: ATTEMPT_QUIET_MS };
  return tenant.state.tally(ask, tenant.bounds());
}

/** Attempts are counted by the tenant for a client that says none (no amz-sdk-request). */
const countsAttempts = (call: Call, harness: ParsedHarness): boolean =>
  harness.errorAttempts !== undefined && !call.request.headers.has('amz-sdk-request');

/** The same call again: its method, path, query and harness headers, as a short hash. */
function callKey(request: Request): string {
  const harnessHeaders = [...request.headers].filter(([name]) => name === 'prefer' || name.startsWith('x-mock-'));
  const text = `${request.method} ${request.url.slice(request.url.indexOf('/', 8))}\n${harnessHeaders.map(([n, v]) => `${n}: ${v}`).join('\n')}`;
  return [unitHash(`a${text}`), unitHash(`b${text}`)].map((n) => Math.floor(n * 2 ** 32).toString(16)).join('');
}

/** What the harness decides for a request (the tenant counting its attempts or seed where that
 *  is asked), once its delay has been waited: Pinpoint's operations and S3's answer the error in their own shape. */
export async function applyHarness(call: Call, harness: ParsedHarness): Promise<Decision> {
  const counting = tally(call, harness);
  const counted = counting === NOTHING_COUNTED ? NOTHING_COUNTED : await counting;
  const attempt = counted.attempt;
  const read = attempt === undefined ? () => readAttempt(call.request.headers) : () => ({ number: attempt, invocationId: '' });
  const decision = decide(harness, read, Math.random, counted.sequence);
  if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
  return decision;
}

export function pinpointOperation(operation: Operation, progressionUse: ProgressionUse): Handler {
  return (call: Call): Reply | Promise<Reply> => {
    const harness = orBadRequest(parseHarness(call.request.headers, call.runtime.settings.delayCapMs));
    const misfit = harness.progression && PROGRESSION_MISFIT[progressionUse](harness.progression);
    if (misfit) throw badRequest(invalidHeader('x-mock-progression', misfit, call.request.headers.get('x-mock-progression') ?? '').message);
    if (harness.error && isS3ErrorCode(harness.error)) {
      const text = call.request.headers.get('x-mock-error') ?? '';
      throw badRequest(invalidHeader('x-mock-error', 'a Pinpoint error status or exception name (S3 codes are for /_s3)', text).message);
    }
    // Nothing to count, wait for or inject (most requests): the operation at once, without a promise of our own.
    if (!decides(call, harness)) return answered(operation, call, harness, NO_DECISION.applied);
    return applyHarness(call, harness).then((decision) => {
      if (decision.error) throw new ApiError(decision.error.name as ErrorName, decision.error.message, { applied: decision.applied });
      return answered(operation, call, harness, decision.applied);
    });
  };
}

const NO_DECISION = decide({}, () => ({ number: 1, invocationId: '' }));

/** Whether the harness has anything to decide for this request: a delay or error, or a count to take. */
const decides = (call: Call, harness: ParsedHarness): boolean =>
  harness.delay !== undefined || harness.error !== undefined || harness.seed !== undefined || countsAttempts(call, harness);

/** The operation's answer as the Reply (a fault breaking its 200), once it has one; what the
 *  harness applied before it goes with an error it throws. */
function answered(operation: Operation, call: Call, harness: ParsedHarness, applied: readonly string[]): Reply | Promise<Reply> {
  let answer: Answer | Promise<Answer>;
  try {
    answer = operation(call, harness);
  } catch (error) {
    throw error instanceof ApiError ? error.after(applied) : error;
  }
  if (answer instanceof Promise) {
    return answer.then(
      (settled) => asReply(settled, harness, applied),
      (error) => {
        throw error instanceof ApiError ? error.after(applied) : error;
      },
    );
  }
  return asReply(answer, harness, applied);
}

function asReply(answer: Answer, harness: ParsedHarness, decided: readonly string[]): Reply {
  const applied = answer.applied?.length ? [...decided, ...answer.applied] : decided;
  if (!harness.fault) return jsonReply(answer.json, answer.status, undefined, applied);
  return jsonReply(breakBody(answer.json, harness.fault), answer.status, undefined, [...applied, `fault=${harness.fault}`]);
}
