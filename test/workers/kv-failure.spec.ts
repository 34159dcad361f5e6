// When a KV read fails (an outage, a timeout), the job last read is served for one more
// window, and a job never read gets a 500 that says why. KV here is the real local
// namespace, wrapped so that its reads can be made to fail.
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { jobKey } from '../../src/jobs/kv-key';
import { ANY_JOB, jobUrl } from './fixtures';
import { handleWith } from './handle';

function flakyKv(real: KVNamespace) {
  const state = { failing: false };
  const kv = new Proxy(real, {
    get: (target, name) =>
      name === 'get'
        ? (...args: unknown[]) =>
            state.failing ? Promise.reject(new Error('KV unavailable')) : (target.get as (...a: unknown[]) => unknown)(...args)
        : Reflect.get(target, name),
  });
  return { kv, state };
}

describe('a failing KV read', () => {
  it('serves the job last read, then reads again once KV is back', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const ref = { applicationId: ANY_JOB.ApplicationId, jobId: 'flaky-1' };
    const job = { ...ANY_JOB, Id: ref.jobId };
    await env.JOBS.put(jobKey(ref), JSON.stringify(job));
    const { kv, state } = flakyKv(env.JOBS);
    const handle = handleWith({ JOBS: kv, JOB_CACHE_TTL_MS: '50' });
    const get = async () => handle(new Request(jobUrl(ref.applicationId, ref.jobId)));
    expect(await (await get()).json()).toEqual(job);
    state.failing = true;
    await new Promise((resolve) => setTimeout(resolve, 60));
    const during = await get();
    expect(during.status).toBe(200);
    expect(await during.json()).toEqual(job);
    expect(logged).toHaveBeenCalledWith(
      expect.stringMatching(/KV read of job:.*:flaky-1 failed; serving the last value read/),
      expect.any(Error),
    );
    logged.mockRestore();
  });

  it('answers 500 InternalServerErrorException for a job never read', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { kv, state } = flakyKv(env.JOBS);
    state.failing = true;
    const response = await handleWith({ JOBS: kv })(new Request(jobUrl(ANY_JOB.ApplicationId, 'flaky-never-read')));
    expect(response.status).toBe(500);
    expect(response.headers.get('x-amzn-ErrorType')).toBe('InternalServerErrorException');
    expect(await response.json()).toMatchObject({ Message: 'The job could not be read from storage; retry the request.' });
    logged.mockRestore();
  });
});
