// Per-client rate limiting for the hosted sandbox, through the Workers rate-limiting binding
// (RATE_LIMITER in wrangler.toml). Off unless RATE_LIMIT is "on"; `npm run deploy` turns it
// on, local dev leaves it off. The binding's counts are per Cloudflare location and approximate.
import type { Config } from '../config';
import type { Env } from '../env';
import { ApiError } from '../http/errors';
import type { SigV4Credential } from './credential';

/** Who is counted: the access key id the request was signed with, else the connecting IP. */
export const clientKey = (request: Request, credential: SigV4Credential | null): string =>
  credential ? `key:${credential.keyId}` : `ip:${request.headers.get('cf-connecting-ip') ?? 'unknown'}`;

export async function enforceRateLimit(request: Request, credential: SigV4Credential | null, env: Env, settings: Config): Promise<void> {
  if (!settings.rateLimit || !env.RATE_LIMITER) return;
  const { success } = await env.RATE_LIMITER.limit({ key: clientKey(request, credential) });
  if (!success) {
    throw new ApiError('TooManyRequestsException', 'Rate exceeded: too many requests from this client; retry later.', {
      headers: { 'Retry-After': String(settings.rateLimitPeriodS) },
    });
  }
}
