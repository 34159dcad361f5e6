// One factory for every Pinpoint operation (msw-style: one place, not near-copies): it reads
// the harness headers, waits the delay, answers an injected error, and only then lets the
// operation do its work; a fault breaks the 200 the operation would have sent. The harness
// modules are pure; this is where their decisions meet the request.
import { decide, readAttempt } from '../harness/decide';
import { breakBody } from '../harness/fault';
import { type Harness, parseHarness } from '../harness/parse';
import { ApiError, badRequest } from '../http/errors';
import { jsonReply, type Reply } from '../http/reply';
import { Invalid } from '../invalid';
import type { Call, Handler } from './call';

/** What an operation answers: its JSON and status, and what of the harness it applied. */
export interface Answer {
  status: number;
  json: string;
  applied?: readonly string[];
}

export type Operation = (call: Call, harness: Harness) => Promise<Answer> | Answer;

export function pinpointOperation(operation: Operation): Handler {
  return async (call: Call): Promise<Reply> => {
    const harness = parseHarness(call.request.headers, call.runtime.settings.delayCapMs);
    if (harness instanceof Invalid) throw badRequest(harness.message);
    const decision = decide(harness, () => readAttempt(call.request.headers));
    if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
    if (decision.error) throw new ApiError(decision.error.name, decision.error.message, { applied: decision.applied });
    let answer: Answer;
    try {
      answer = await operation(call, harness);
    } catch (error) {
      throw error instanceof ApiError ? error.after(decision.applied) : error;
    }
    const applied = [...decision.applied, ...(answer.applied ?? [])];
    if (!harness.fault) return jsonReply(answer.json, answer.status, undefined, applied);
    return jsonReply(breakBody(answer.json, harness.fault), answer.status, undefined, [...applied, `fault=${harness.fault}`]);
  };
}
