// One factory for every Pinpoint operation (msw-style: one place, not near-copies): it reads
// the harness headers, waits the delay, answers an injected error (routes/harness.ts), and only
// then lets the operation do its work; a fault breaks the 200 the operation would have sent.

import { breakBody } from '../harness/fault';
import { type ParsedHarness, parseHarness } from '../harness/parse';
import { PROGRESSION_GRAMMAR, type ProgressionHeader } from '../harness/progression-header';
import { ApiError, badRequest, type ErrorName, orBadRequest } from '../http/errors';
import { jsonReply, type Reply } from '../http/reply';
import { invalidHeader } from '../invalid';
import { isS3ErrorCode } from '../s3/errors';
import type { Call, Handler } from './call';
import { applyHarness, decides, NO_DECISION } from './harness';

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
