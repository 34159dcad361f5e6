// What API Gateway checks before Pinpoint sees a request: who signed it, rate, payload size,
// signature. Each throws the ApiError API Gateway would answer with. Most requests need none
// of the awaited checks, and then no promise is made: every await on the hot path costs, and
// the benchmark counts them.
import type { Config } from '../config';
import type { Env } from '../env';
import type { BodySeen } from '../http/body';
import { ApiError } from '../http/errors';
import { Invalid } from '../invalid';
import { JOURNAL_BODY_BYTES, MAX_BODY_BYTES } from '../limits';
import { readBody } from './body-limit';
import { PINPOINT_SERVICE, readCredential, S3_SERVICE, type SigV4Credential } from './credential';
import { enforceRateLimit } from './rate-limit';
import { verifySigV4 } from './sigv4';

const TAKES_BODY = new Set(['POST', 'PUT']); // the methods whose operations read a body

export const NO_BODY: BodySeen = Object.freeze({ text: '', bytes: 0 });

/** The request's SigV4 credential, or null when it is unsigned; a 403 naming the problem when
 *  it is signed in a way that cannot be read (never the anonymous tenant). */
export function identify(request: Request): SigV4Credential | null {
  const credential = readCredential(request.headers.get('authorization'), request.url);
  if (credential instanceof Invalid) throw new ApiError('ForbiddenException', credential.message);
  return credential;
}

/** Resolves to the request's body (whole for the methods that take one, else its start, for the
 *  journal), or returns NO_BODY at once when no check has to wait. `onS3`: the request is on the
 *  S3 mount (the router knows its paths), and so signed for service s3. */
export function passGateway(
  request: Request,
  credential: SigV4Credential | null,
  env: Env,
  settings: Config,
  onS3: boolean,
): Promise<BodySeen> | typeof NO_BODY {
  if (!settings.rateLimit && !settings.sigv4 && !request.body) return NO_BODY;
  return checks(request, credential, env, settings, onS3);
}

async function checks(request: Request, credential: SigV4Credential | null, env: Env, settings: Config, onS3: boolean): Promise<BodySeen> {
  if (settings.rateLimit) await enforceRateLimit(request, credential, env, settings);
  const whole = TAKES_BODY.has(request.method) || settings.sigv4; // a signature covers the whole body
  const body = request.body ? await readBody(request, whole ? MAX_BODY_BYTES : JOURNAL_BODY_BYTES) : NO_BODY;
  if (settings.sigv4 && request.method !== 'OPTIONS') {
    const service = onS3 ? S3_SERVICE : PINPOINT_SERVICE;
    await verifySigV4(request, body.text, credential, settings.credentials, service); // preflights carry no signature
  }
  return body;
}
