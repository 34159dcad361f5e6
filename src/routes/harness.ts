// Where the harness's decisions meet a request, for Pinpoint's operations and S3's alike: the
// tenant counts attempts or a seed's sequence when that is asked, the delay is waited, and the
// decision (an injected error or none) is handed back for each to answer in its own shape. The
// harness modules themselves are pure.
import { type Decision, decide, readAttempt } from '../harness/decide';
import type { ParsedHarness } from '../harness/parse';
import { checkOf } from '../hash';
import { ATTEMPT_QUIET_MS } from '../limits';
import type { Tally, TallyAsk } from '../tenants/tenant-state';
import { type Call, tenantOf } from './call';

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
  return checkOf(text);
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

/** The decision when the harness has nothing to decide: no delay, no error, nothing applied. */
export const NO_DECISION = decide({}, () => ({ number: 1, invocationId: '' }));

/** Whether the harness has anything to decide for this request: a delay or error, or a count to take. */
export const decides = (call: Call, harness: ParsedHarness): boolean =>
  harness.delay !== undefined || harness.error !== undefined || harness.seed !== undefined || countsAttempts(call, harness);
