// What API Gateway checks before Pinpoint sees a request: rate, payload size, signature. Each
// throws the ApiError API Gateway would answer with. Most requests need none of them, and
// then no promise is made: every await on the hot path costs, and the benchmark counts them.
import type { Config } from '../config';
import type { Env } from '../env';
import { readBody } from './body-limit';
import { enforceRateLimit } from './rate-limit';
import { verifySigV4 } from './sigv4';

const TAKES_BODY = new Set(['POST', 'PUT']); // the methods whose operations read a body

/** Resolves to the request's body text ('' when it has none, or its method takes none), or returns '' at once when no check has to wait. */
export function passGateway(request: Request, env: Env, settings: Config): Promise<string> | '' {
  if (!settings.rateLimit && !settings.sigv4 && !request.body) return '';
  return checks(request, env, settings);
}

async function checks(request: Request, env: Env, settings: Config): Promise<string> {
  if (settings.rateLimit) await enforceRateLimit(request, env, settings);
  const body = request.body ? await readBody(request, TAKES_BODY.has(request.method)) : '';
  if (settings.sigv4 && request.method !== 'OPTIONS') await verifySigV4(request, body, settings.credentials); // preflights carry no signature
  return body;
}
