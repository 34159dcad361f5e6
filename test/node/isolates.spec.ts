// The sandbox across several isolates (startSandbox's `isolates`), as the hosted URL serves it:
// four copies of the Worker, each with its own memory, taking requests in turn. Every promise a
// client relies on holds whichever isolate answers: what the tenants' Durable Objects, KV and the
// rate limiter hold is shared, and what an isolate keeps in memory (the fixture cache, measured
// ETags and sizes, journal batches) stays within its bound. The engine hands the copies requests
// round-robin, so N requests in a row reach each copy once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TenantKey, tenantHeaders } from '../../node/admin-client';
import { type Engine, startEngine } from '../../node/engine';
import { planSources } from '../../node/fixtures';
import { type Sandbox, startSandbox } from '../../node/sandbox';
import { unitHash } from '../../src/hash';
import { JOURNAL_FLUSH_MS, RATE_LIMIT_REQUESTS } from '../../src/limits';
import { shippedJob } from '../support/fixtures';
import { tempDirs } from './temp-dirs';

const tempDir = tempDirs('isolates');
const N = 4;
const TRIALS = 20;
const CONCURRENT = 50;
const JOB = shippedJob('retail-app-completed.json');
const JOB_PATH = `/v1/apps/${JOB.ApplicationId}/jobs/export/${JOB.Id}`;
const JOBS_PATH = `/v1/apps/${JOB.ApplicationId}/jobs/export`;
const CREATE_BODY = JSON.stringify({ RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: 's3://iso-bucket/exports/' });

let tenants = 0;
const freshTenant = (): TenantKey => ({ accessKeyId: `AKIDISOLATE${process.pid}X${++tenants}`, region: 'us-east-1' });

/** `count` requests in a row: one through each isolate when `count` is N. */
async function inTurn(count: number, send: (i: number) => Promise<Response>): Promise<Response[]> {
  const answers: Response[] = [];
  for (let i = 0; i < count; i++) answers.push(await send(i));
  return answers;
}
const statuses = (answers: Response[]) => answers.map((a) => a.status);

describe(`${N} isolates sharing one set of Durable Objects, KV and rate limiter`, () => {
  let sandbox: Sandbox;
  const call = (tenant: TenantKey, path: string, init: RequestInit = {}) =>
    fetch(`${sandbox.url}${path}`, { ...init, headers: { ...tenantHeaders(tenant), ...(init.headers as Record<string, string>) } });
  const create = async (tenant: TenantKey, headers: Record<string, string> = {}) => {
    const answer = await call(tenant, JOBS_PATH, {
      method: 'POST',
      body: CREATE_BODY,
      headers: { 'content-type': 'application/json', ...headers },
    });
    expect(answer.status).toBe(202);
    return ((await answer.json()) as { Id: string }).Id;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ isolates: N });
  });
  afterAll(() => sandbox?.stop());

  it(`a journal read sees every request of its tenant answered before it was sent, in ${TRIALS} of ${TRIALS} trials of ${CONCURRENT} concurrent requests`, async () => {
    const seen: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const tenant = freshTenant();
      await Promise.all(Array.from({ length: CONCURRENT }, () => call(tenant, JOB_PATH).then((a) => a.arrayBuffer())));
      seen.push((await sandbox.requests(tenant, { limit: 1000 })).entries.length);
    }
    expect(seen).toEqual(Array(TRIALS).fill(CONCURRENT));
  });

  it(`a reset clears every request of its tenant answered before it was sent, in ${TRIALS} of ${TRIALS} trials: none lands after it`, async () => {
    const left: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const tenant = freshTenant();
      await Promise.all(Array.from({ length: CONCURRENT }, () => call(tenant, JOB_PATH).then((a) => a.arrayBuffer())));
      // Then one request through each isolate and the reset at once: each of those opens a batch of
      // its own, written JOURNAL_FLUSH_MS after it, so the reset arrives before the last of them is.
      await new Promise((resolve) => setTimeout(resolve, JOURNAL_FLUSH_MS * 2));
      await inTurn(N, () => call(tenant, JOB_PATH));
      await sandbox.resetTenant(tenant);
      await new Promise((resolve) => setTimeout(resolve, JOURNAL_FLUSH_MS * 4)); // what a late batch would take to land
      for (let i = 0; i < N; i++) left.push((await sandbox.requests(tenant)).entries.length); // through each isolate
    }
    expect(left).toEqual(Array(TRIALS * N).fill(0));
  });

  it('a created job is seen by every isolate at once, and after a reset answers, by none', async () => {
    const tenant = freshTenant();
    const id = await create(tenant);
    expect(statuses(await inTurn(N, () => call(tenant, `${JOBS_PATH}/${id}`)))).toEqual(Array(N).fill(200));
    await sandbox.resetTenant(tenant);
    expect(statuses(await inTurn(N, () => call(tenant, `${JOBS_PATH}/${id}`)))).toEqual(Array(N).fill(404));
  });

  it('defaults set through one isolate apply to the next request through any other, and a reset clears them for all', async () => {
    for (let i = 0; i < N; i++) {
      const tenant = freshTenant();
      await sandbox.setDefaults(tenant, { durationS: 0, outcome: 'FAILED' }); // through isolate k, the create through k + 1
      const id = await create(tenant);
      const job = (await (await call(tenant, `${JOBS_PATH}/${id}`)).json()) as { JobStatus: string };
      expect(job.JobStatus).toBe('FAILED');
      await sandbox.resetTenant(tenant);
      const after = await inTurn(N, () => call(tenant, '/_sandbox/defaults'));
      expect(await Promise.all(after.map((a) => a.json()))).toEqual(Array(N).fill({}));
    }
  });

  it('attempts are counted across isolates: each try of a call reaches another one', async () => {
    const tenant = freshTenant();
    const headers = { 'x-mock-error': '503', 'x-mock-error-attempts': '3' };
    expect(statuses(await inTurn(N, () => call(tenant, JOB_PATH, { headers })))).toEqual([503, 503, 503, 200]);
  });

  it('a seeded sequence runs across isolates, numbered by the tenant, and repeats after a reset', async () => {
    const tenant = freshTenant();
    const [seed, rate, count] = ['isolates', 0.5, 4 * N];
    const headers = { 'x-mock-error': '503', 'x-mock-error-rate': String(rate), 'x-mock-seed': seed };
    // decide()'s roll for the request numbered k among the tenant's requests with this seed (src/harness/decide.ts)
    const expected = Array.from({ length: count }, (_, k) => (unitHash(`${seed}\n#${k + 1}\nerror`) < rate ? 503 : 200));
    expect(new Set(expected).size).toBe(2); // the seed gives both answers, so a wrong numbering shows
    expect(statuses(await inTurn(count, () => call(tenant, JOB_PATH, { headers })))).toEqual(expected);
    await sandbox.resetTenant(tenant);
    expect(statuses(await inTurn(count, () => call(tenant, JOB_PATH, { headers })))).toEqual(expected);
  });

  it('a deleted export object is gone through every isolate at once; every isolate gives an object the same ETag and size', async () => {
    const tenant = freshTenant();
    const id = await create(tenant, { 'x-mock-progression': 'duration=1; outcome=COMPLETED; pieces=2; endpoints=20' });
    const later = { 'x-mock-now': new Date(Date.now() + 3_600_000).toISOString() };
    const [kept, deleted] = [0, 1].map((i) => `/_s3/iso-bucket/exports/${id}/part-0000${i}.gz`) as [string, string];
    const listed = await (await call(tenant, `/_s3/iso-bucket?list-type=2&prefix=exports/${id}/`, { headers: later })).text();
    const heads = await inTurn(N, () => call(tenant, kept, { method: 'HEAD', headers: later }));
    expect(statuses(heads)).toEqual(Array(N).fill(200));
    const etags = new Set(heads.map((h) => h.headers.get('etag')));
    const sizes = new Set(heads.map((h) => h.headers.get('content-length')));
    expect([etags.size, sizes.size]).toEqual([1, 1]);
    expect(listed).toContain(`<ETag>${[...etags][0]?.replaceAll('"', '&quot;')}</ETag>`);
    expect(listed).toContain(`<Size>${[...sizes][0]}</Size>`);
    expect((await call(tenant, deleted, { method: 'DELETE', headers: later })).status).toBe(204);
    expect(statuses(await inTurn(N, () => call(tenant, deleted, { headers: later })))).toEqual(Array(N).fill(404));
  });
});

describe(`${N} isolates: a tenant's expiry, the rate limiter and each isolate's fixture cache`, () => {
  const TTL_S = 2;
  const WINDOW_MS = 60_000; // JOB_CACHE_TTL_MS: no isolate reads the job again while the test runs
  let engine: Engine;
  const call = (tenant: TenantKey, path: string, init: RequestInit = {}) =>
    fetch(`${engine.url}${path}`, { ...init, headers: { ...tenantHeaders(tenant), ...(init.headers as Record<string, string>) } });

  beforeAll(async () => {
    const vars = { TENANT_TTL_S: String(TTL_S), RATE_LIMIT: 'on', JOB_CACHE_TTL_MS: String(WINDOW_MS) };
    const { entries } = planSources([JOB]);
    engine = await startEngine({ host: '127.0.0.1', port: 0, persistRoot: tempDir(), vars, isolates: N, log: false }, (control) =>
      control('put', { entries }),
    );
  });
  afterAll(() => engine?.dispose());

  it(`each isolate reads a job from KV at most once a window: ${N} reads per job per window at most`, async () => {
    const tenant = freshTenant();
    const jobOf = async (a: Response) => ((await a.json()) as { JobStatus: string }).JobStatus;
    expect(await jobOf((await inTurn(1, () => call(tenant, JOB_PATH)))[0] as Response)).toBe(JOB.JobStatus); // one isolate has read it
    const changed = { ...JOB, JobStatus: 'FAILED' as const };
    const { entries } = planSources([changed]);
    await engine.control('put', { entries });
    // The copy that read it keeps its value for the window; the other three read the new one, once each.
    const first = await Promise.all((await inTurn(N, () => call(tenant, JOB_PATH))).map(jobOf));
    expect(first.filter((s) => s === JOB.JobStatus)).toHaveLength(1);
    expect(first.filter((s) => s === 'FAILED')).toHaveLength(N - 1);
    await engine.control('put', { entries: planSources([JOB]).entries }); // back: none reads it again within the window
    expect(await Promise.all((await inTurn(N, () => call(tenant, JOB_PATH))).map(jobOf))).toEqual(first);
  });

  it('the rate limiter counts a client across isolates', async () => {
    // The binding counts per minute from the epoch: a run that crosses a minute would start counting over.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
    const tenant = freshTenant();
    const extra = 2 * N;
    const answers: number[] = [];
    for (let sent = 0; sent < RATE_LIMIT_REQUESTS + extra; sent += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, () => call(tenant, JOB_PATH).then((a) => a.arrayBuffer().then(() => a.status))),
      );
      answers.push(...batch);
    }
    expect(answers.filter((s) => s === 200)).toHaveLength(RATE_LIMIT_REQUESTS);
    expect(answers.filter((s) => s === 429)).toHaveLength(answers.length - RATE_LIMIT_REQUESTS);
  });

  it(`a tenant that expires (TENANT_TTL_S ${TTL_S}) is gone through every isolate at once`, async () => {
    const tenant = freshTenant();
    const answer = await call(tenant, JOBS_PATH, { method: 'POST', body: CREATE_BODY, headers: { 'content-type': 'application/json' } });
    const { Id } = (await answer.json()) as { Id: string };
    expect(statuses(await inTurn(N, () => call(tenant, `${JOBS_PATH}/${Id}`)))).toEqual(Array(N).fill(200));
    await new Promise((resolve) => setTimeout(resolve, TTL_S * 1000 + 500));
    expect(statuses(await inTurn(N, () => call(tenant, `${JOBS_PATH}/${Id}`)))).toEqual(Array(N).fill(404));
  });
});

it('a sandbox refuses an isolate count it cannot run', async () => {
  for (const isolates of [0, 17, 1.5])
    await expect(startSandbox({ isolates })).rejects.toThrow(/isolates must be a whole number from 1 to 16/);
});
