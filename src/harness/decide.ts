// Decides, from the parsed harness headers and which try this is, what happens before the
// job is looked at: how long to wait, and whether to answer with an injected error. Pure:
// randomness comes in as a function, and is replaced by a hash of the seed when there is one.

import { unitHash } from '../hash';
import { ERROR_CATALOGUE, type ErrorName } from '../http/errors';
import { isS3ErrorCode, S3_ERRORS, type S3ErrorCode } from '../s3/errors';
import type { ParsedHarness } from './parse';

/** Which try of a call a request is, and the call's id, as the AWS SDKs send them. */
export interface Attempt {
  number: number;
  invocationId: string;
}

/** From `amz-sdk-request: attempt=2; max=3`, which the AWS SDKs send on every try; without it (curl, browsers) attempt 1. */
export function readAttempt(headers: Headers): Attempt {
  const attempt = /(?:^|;)\s*attempt=(\d{1,4})\b/.exec(headers.get('amz-sdk-request') ?? '')?.[1];
  return { number: attempt ? Math.max(1, Number(attempt)) : 1, invocationId: headers.get('amz-sdk-invocation-id') ?? '' };
}

/** An error to answer with: a value, not an exception, since answering it is the request's normal course. */
export interface InjectedError {
  name: ErrorName | S3ErrorCode;
  message?: string; // the catalogue's when absent
}

export interface Decision {
  delayMs: number;
  error: InjectedError | null;
  applied: readonly string[]; // parts of the x-mock-applied summary
}

const NOTHING: Decision = Object.freeze({ delayMs: 0, error: null, applied: Object.freeze([]) });

/** `readAttempt` is called only when the harness needs it, so a plain request reads no extra header.
 *  With a seed, rolls are a hash of the seed and `sequence` (the request's number among the
 *  tenant's requests with that seed), or, where no tenant counts them, of the seed, the
 *  invocation id and the attempt. */
export function decide(
  harness: ParsedHarness,
  readAttempt: () => Attempt,
  random: () => number = Math.random,
  sequence?: number,
): Decision {
  if (harness.delay === undefined && harness.error === undefined) return NOTHING; // most requests: nothing to roll or allocate
  let known: Attempt | undefined;
  const attempt = () => {
    known ??= readAttempt();
    return known;
  };
  const roll = (salt: string) =>
    harness.seed === undefined
      ? random()
      : unitHash(
          sequence === undefined
            ? `${harness.seed}\n${attempt().invocationId}\n${attempt().number}\n${salt}`
            : `${harness.seed}\n#${sequence}\n${salt}`,
        );
  const applied: string[] = [];
  let delayMs = 0;
  if (harness.delay) {
    delayMs = harness.delay.min + Math.floor(roll('delay') * (harness.delay.max - harness.delay.min + 1));
    applied.push(`delay=${delayMs}ms`);
  }
  if (harness.error === undefined) return { delayMs, error: null, applied };
  const status = isS3ErrorCode(harness.error) ? S3_ERRORS[harness.error].status : ERROR_CATALOGUE[harness.error].status;
  const inAttempts = harness.errorAttempts === undefined || attempt().number <= harness.errorAttempts;
  const inRate = harness.errorRate === undefined || roll('error') < harness.errorRate;
  const fires = inAttempts && inRate;
  applied.push(fires ? `error=${status}` : `error=${status} skipped`);
  if (harness.errorAttempts !== undefined) applied.push(`attempt=${attempt().number}/${harness.errorAttempts}`);
  if (harness.errorRate !== undefined) applied.push(`rate=${harness.errorRate}`);
  return { delayMs, error: fires ? { name: harness.error, message: harness.errorMessage } : null, applied };
}
