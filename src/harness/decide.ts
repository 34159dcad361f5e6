// Decides, from the parsed harness headers and which try this is, what happens before the
// job is looked at: how long to wait, and whether to answer with an injected error. Pure:
// randomness comes in as a function, and is replaced by a hash of the seed when there is one.
import { ERROR_CATALOGUE, type ErrorName } from '../errors';
import type { Attempt } from './attempt';
import type { Harness } from './parse';
import { unitHash } from './unit-hash';

/** An error to answer with: a value, not an exception, since answering it is the request's normal course. */
export interface InjectedError {
  name: ErrorName;
  message?: string; // the catalogue's when absent
}

export interface Decision {
  delayMs: number;
  error: InjectedError | null;
  applied: readonly string[]; // parts of the x-mock-applied summary
}

const NOTHING: Decision = Object.freeze({ delayMs: 0, error: null, applied: Object.freeze([]) });

/** `readAttempt` is called only when the harness needs it, so a plain request reads no extra header. */
export function decide(h: Harness, readAttempt: () => Attempt, random: () => number = Math.random): Decision {
  if (h.delay === undefined && h.error === undefined) return NOTHING; // most requests: nothing to roll or allocate
  let known: Attempt | undefined;
  const attempt = () => {
    known ??= readAttempt();
    return known;
  };
  const roll = (salt: string) =>
    h.seed === undefined ? random() : unitHash(`${h.seed}\n${attempt().invocationId}\n${attempt().number}\n${salt}`);
  const applied: string[] = [];
  let delayMs = 0;
  if (h.delay) {
    delayMs = h.delay.min + Math.floor(roll('delay') * (h.delay.max - h.delay.min + 1));
    applied.push(`delay=${delayMs}ms`);
  }
  if (h.error === undefined) return { delayMs, error: null, applied };
  const status = ERROR_CATALOGUE[h.error].status;
  const inAttempts = h.errorAttempts === undefined || attempt().number <= h.errorAttempts;
  const inRate = h.errorRate === undefined || roll('error') < h.errorRate;
  const fires = inAttempts && inRate;
  applied.push(fires ? `error=${status}` : `error=${status} skipped`);
  if (h.errorAttempts !== undefined) applied.push(`attempt=${attempt().number}/${h.errorAttempts}`);
  if (h.errorRate !== undefined) applied.push(`rate=${h.errorRate}`);
  return { delayMs, error: fires ? { name: h.error, message: h.errorMessage } : null, applied };
}
