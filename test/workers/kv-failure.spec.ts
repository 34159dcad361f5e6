// When KV fails (an outage, a timeout), what a client gets: the job last read, for one more
// window at a time, until KV answers again; a 500 that says why for a job never read; the
// catalogue's 500 for a listing. KV here is the real local namespace, wrapped so that its reads
// and listings can be made to fail.
import { env } from 'cloudflare:test';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { jobKey } from '../../src/jobs/kv-key';
import { ANY_JOB, jobUrl } from './fixtures';
import { handleWith } from './handle';
import { jobsUrl } from './tenants';

function flakyKv(real: KVNamespace) {
  const state = { failing: false };
  const failable = new Set<string | symbol>(['get', 'list']);
  const kv = new Proxy(real, {
    get: (target, name) =>
      failable.has(name)
        ? (...args: unknown[]) =>
            state.failing
              ? Promise.reject(new Error('KV unavailable'))
              : (Reflect.get(target, name) as (...a: unknown[]) => unknown).apply(target, args)
        : Reflect.get(target, name),
  });
  return { kv, state };
}

/** Writes `job` to the real KV for this test only: the runtime is shared with other files, and
 *  GET / lists every job in KV, whatever its application. */
async function putOwnJob(job: typeof ANY_JOB): Promise<void> {
  const key = jobKey({ applicationId: job.ApplicationId, jobId: job.Id });
  onTestFinished(() => env.JOBS.delete(key));
  await env.JOBS.put(key, JSON.stringify(job));
}

const WINDOW_MS = 50;
const pastTheWindow = () => new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 10));

describe('a failing KV', () => {
  it('serves the job last read while KV fails, then what KV holds once it is back', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}); // the failures are logged
    const ref = { applicationId: 'flakyapp', jobId: 'flaky-1' }; // an application of its own: a seeded one's listings stay as seeded
    const job = { ...ANY_JOB, ApplicationId: ref.applicationId, Id: ref.jobId };
    await putOwnJob(job);
    const { kv, state } = flakyKv(env.JOBS);
    const handle = handleWith({ JOBS: kv, JOB_CACHE_TTL_MS: String(WINDOW_MS) });
    const get = async () => {
      const response = await handle(new Request(jobUrl(ref.applicationId, ref.jobId)));
      return [response.status, await response.json()];
    };
    expect(await get()).toEqual([200, job]);
    state.failing = true;
    const reseeded = { ...job, JobStatus: 'FAILED' as const };
    await putOwnJob(reseeded); // KV holds another value, which it cannot give
    for (let window = 0; window < 2; window++) {
      await pastTheWindow();
      expect(await get()).toEqual([200, job]);
    }
    state.failing = false;
    await pastTheWindow();
    expect(await get()).toEqual([200, reseeded]);
    vi.restoreAllMocks();
  });

  it('answers 500 InternalServerErrorException for a job never read', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { kv, state } = flakyKv(env.JOBS);
    state.failing = true;
    const response = await handleWith({ JOBS: kv })(new Request(jobUrl(ANY_JOB.ApplicationId, 'flaky-never-read')));
    expect(response.status).toBe(500);
    expect(response.headers.get('x-amzn-ErrorType')).toBe('InternalServerErrorException');
    expect(await response.json()).toMatchObject({ Message: 'The job could not be read from storage; retry the request.' });
    vi.restoreAllMocks();
  });

  it("answers the catalogue's 500 InternalServerErrorException for a listing it cannot make, and lists again once KV is back", async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const job = { ...ANY_JOB, ApplicationId: 'flakylisting' };
    await putOwnJob(job);
    const { kv, state } = flakyKv(env.JOBS);
    const handle = handleWith({ JOBS: kv });
    state.failing = true;
    const failed = await handle(new Request(jobsUrl(job.ApplicationId)));
    expect(failed.status).toBe(500);
    expect(failed.headers.get('x-amzn-ErrorType')).toBe('InternalServerErrorException');
    expect(await failed.json()).toMatchObject({ Message: 'Internal server error' });
    state.failing = false;
    const listed = await handle(new Request(jobsUrl(job.ApplicationId)));
    expect([listed.status, await listed.json()]).toEqual([200, { Item: [job] }]);
    vi.restoreAllMocks();
  });
});
