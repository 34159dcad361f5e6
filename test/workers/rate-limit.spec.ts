// Per-client rate limiting through the real rate-limiting binding (simulated by Miniflare). The
// binding counts in fixed windows of its period, aligned to the clock: a run that a window's end
// cuts through starts counting over, so it is run again (inOneWindow), never failed for it.
import { env } from 'cloudflare:test';
import { AwsClient } from 'aws4fetch';
import { beforeEach, describe, expect, it } from 'vitest';
import { unsignedAuthorization } from '../../src/gateway/credential';
import { DEFAULT_RATE_LIMIT_PERIOD_S, RATE_LIMIT_REQUESTS } from '../../src/limits';
import { ANY_JOB, seedFixtures, urlOf } from './fixtures';
import { handleWith } from './handle';

beforeEach(seedFixtures);

const LIMIT = RATE_LIMIT_REQUESTS; // wrangler.toml [[ratelimits]] (test/node/config.spec.ts checks they agree)
const signedBy = (keyId: string) => ({ authorization: unsignedAuthorization(keyId) });

const windowNow = () => Math.floor(Date.now() / (DEFAULT_RATE_LIMIT_PERIOD_S * 1000));

/** Runs `run` (given a suffix that makes its keys fresh) until a run both starts and ends in one
 *  window of the binding; a failure counts only then. */
async function inOneWindow(run: (fresh: string) => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const window = windowNow();
    try {
      await run(`${attempt}`);
      return;
    } catch (error) {
      if (windowNow() === window || attempt >= 3) throw error;
    }
  }
}

async function statuses(handle: (r: Request) => Promise<Response>, headers: Record<string, string>, count: number) {
  const seen: Response[] = [];
  for (let i = 0; i < count; i++) seen.push(await handle(new Request(urlOf(ANY_JOB), { headers })));
  return seen;
}

describe('RATE_LIMIT on', () => {
  it('answers 429 TooManyRequestsException with Retry-After once an access key is over the limit, and only that key', async () => {
    expect(env.RATE_LIMITER).toBeDefined();
    const handle = handleWith({ RATE_LIMIT: 'on' });
    await inOneWindow(async (fresh) => {
      const responses = await statuses(handle, signedBy(`AKIDBUSY${fresh}`), LIMIT + 1);
      expect(responses.slice(0, LIMIT).every((r) => r.status === 200)).toBe(true);
      const last = responses[LIMIT] as Response;
      expect(last.status).toBe(429);
      expect(last.headers.get('x-amzn-ErrorType')).toBe('TooManyRequestsException');
      expect(last.headers.get('retry-after')).toBe('60');
      expect(await last.json()).toMatchObject({ Message: expect.stringMatching(/Rate exceeded/) });
      expect((await statuses(handle, signedBy(`AKIDQUIET${fresh}`), 1))[0]?.status).toBe(200);
    });
  });

  it('counts any key id SigV4 allows by itself, and a presigned URL by its key', async () => {
    const handle = handleWith({ RATE_LIMIT: 'on' });
    const presigned = (keyId: string) =>
      new AwsClient({ accessKeyId: keyId, secretAccessKey: 'x', service: 'mobiletargeting', region: 'us-east-1' }).sign(urlOf(ANY_JOB), {
        aws: { signQuery: true },
      });
    await inOneWindow(async (fresh) => {
      const busy = await statuses(handle, signedBy(`busy_key${fresh}`), LIMIT + 1);
      expect(busy.at(-1)?.status).toBe(429);
      expect((await handle(await presigned(`busy_key${fresh}`))).status).toBe(429);
      expect((await handle(await presigned(`quiet-key${fresh}`))).status).toBe(200);
      expect((await statuses(handle, signedBy(`quiet_key${fresh}`), 1))[0]?.status).toBe(200);
    });
  });

  it('counts unsigned requests by connecting IP', async () => {
    const handle = handleWith({ RATE_LIMIT: 'on' });
    await inOneWindow(async (fresh) => {
      const busy = await statuses(handle, { 'cf-connecting-ip': `203.0.113.${7 + 2 * Number(fresh)}` }, LIMIT + 1);
      expect(busy.at(-1)?.status).toBe(429);
      expect((await statuses(handle, { 'cf-connecting-ip': `203.0.113.${8 + 2 * Number(fresh)}` }, 1))[0]?.status).toBe(200);
    });
  });
});

describe('RATE_LIMIT off (the local default)', () => {
  it('never limits', async () => {
    const responses = await statuses(handleWith(), signedBy('AKIDLOCAL'), LIMIT + 5);
    expect(responses.every((r) => r.status === 200)).toBe(true);
  });
});
