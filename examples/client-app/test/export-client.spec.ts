// The app's contract with Pinpoint, checked against the sandbox: each test signs with its own
// access key, so it has a tenant of its own (its jobs, journal and defaults) and the tests
// can run at once (describe.concurrent).
import { PinpointClient, type PinpointClientConfig } from '@aws-sdk/client-pinpoint';
import { adminClient, type TenantKey } from 'pinpoint-export-job-sandbox';
import { withHarness } from 'pinpoint-export-job-sandbox/aws-sdk';
import { describe, expect, inject, it } from 'vitest';
import { ExportFailedError, ExportTimeoutError, exportEndpoints, listExportJobs } from '../src/export-client.js';

const url = inject('sandboxUrl');
const admin = adminClient(url);
const APP = 'a1fb24b2eae293674407a7f03207134c'; // the application of the package's sample jobs
const REQUEST = { RoleArn: 'arn:aws:iam::123456789012:role/PinpointExport', S3UrlPrefix: 's3://app-exports/endpoints/' };
const SAMPLE_JOBS_OF_APP = 11;
const POLL = { firstDelayMs: 150, maxDelayMs: 600, timeoutMs: 10_000 };

/** The app's client as production configures it, but for the endpoint; signed as its own tenant. */
function app(accessKeyId: string, config: PinpointClientConfig = {}): { client: PinpointClient; tenant: TenantKey } {
  const tenant = { accessKeyId, region: 'eu-west-1' };
  const credentials = { accessKeyId, secretAccessKey: 'test-secret' };
  return { client: new PinpointClient({ endpoint: url, region: tenant.region, credentials, maxAttempts: 3, ...config }), tenant };
}

describe.concurrent('exporting endpoints', () => {
  it('returns the job once it has COMPLETED', async () => {
    const { client, tenant } = app('AKIDEXAMPLESUCCESS');
    await admin.setDefaults(tenant, { durationS: 1, outcome: 'COMPLETED', pieces: 4 });
    const job = await exportEndpoints(client, APP, REQUEST, POLL);
    expect(job).toMatchObject({ ApplicationId: APP, JobStatus: 'COMPLETED', CompletedPieces: 4, TotalPieces: 4 });
    expect(job.Definition).toEqual(REQUEST);
  });

  it('reports a FAILED export with its failures', async () => {
    const { client, tenant } = app('AKIDEXAMPLEFAILURE');
    await admin.setDefaults(tenant, { durationS: 1, outcome: 'FAILED' });
    const failed = await exportEndpoints(client, APP, REQUEST, POLL).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ExportFailedError);
    expect((failed as ExportFailedError).job.JobStatus).toBe('FAILED');
    expect((failed as ExportFailedError).job.Failures?.length).toBeGreaterThan(0);
  });

  it('stops waiting at its timeout, and polls no more', async () => {
    const { client, tenant } = app('AKIDEXAMPLETIMEOUT');
    await admin.setDefaults(tenant, { durationS: 3600, outcome: 'COMPLETED' });
    const outcome = await exportEndpoints(client, APP, REQUEST, { ...POLL, timeoutMs: 800 }).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(ExportTimeoutError);
    expect((outcome as ExportTimeoutError).lastStatus).not.toMatch(/COMPLETED|FAILED|CANCELLED/);
    const polls = (await admin.requests(tenant, { operation: 'GetExportJob' })).entries.length; // every poll answered so far
    await new Promise((resolve) => setTimeout(resolve, POLL.maxDelayMs + 200));
    expect((await admin.requests(tenant, { operation: 'GetExportJob' })).entries.length).toBe(polls);
  });

  it('polls with backoff, never faster than its first delay, and stops at the terminal status', async () => {
    const { client, tenant } = app('AKIDEXAMPLEJOURNAL');
    await admin.setDefaults(tenant, { durationS: 2, outcome: 'COMPLETED' });
    const job = await exportEndpoints(client, APP, REQUEST, POLL);
    const { entries, evicted } = await admin.requests(tenant);
    expect(evicted).toBe(0); // the journal's bound dropped none: this is the whole record
    const [create, ...polls] = entries;
    expect(create).toMatchObject({ operation: 'CreateExportJob', status: 202 });
    expect(polls.every((p) => p.operation === 'GetExportJob' && p.status === 200)).toBe(true);
    const times = polls.map((p) => Date.parse(p.at));
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(gaps.every((gap) => gap >= POLL.firstDelayMs - 20)).toBe(true); // at most one poll per first delay
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(2 * POLL.firstDelayMs); // and backed off (arrivals also carry each answer's latency, so gaps are not compared one by one)
    const ended = Date.parse(job.CompletionDate as string);
    expect(times.at(-1)).toBeGreaterThanOrEqual(ended - 5); // the last poll saw it ended (arrival ms before its answer's clock)…
    expect(times.at(-2)).toBeLessThan(ended); // …and the one before it had not: no poll after the end
  });
});

describe.concurrent('throttling', () => {
  it('retries a throttled call and succeeds', async () => {
    const { client, tenant } = app('AKIDEXAMPLETHROTTLED');
    withHarness(client, { error: 'TooManyRequestsException', errorAttempts: 2 });
    const jobs = await listExportJobs(client, APP);
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    const statuses = (await admin.requests(tenant, { operation: 'GetExportJobs' })).entries.map((r) => r.status);
    expect(statuses).toEqual([429, 429, 200]);
  });

  it('gives up after its attempts when throttling lasts', async () => {
    const { client, tenant } = app('AKIDEXAMPLEGIVESUP', { maxAttempts: 2 });
    withHarness(client, { error: 429 });
    const error = await listExportJobs(client, APP).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429, attempts: 2 } });
    expect((await admin.requests(tenant, { status: 429 })).entries).toHaveLength(2);
  });

  it('times out a request that takes too long', async () => {
    const { client } = app('AKIDEXAMPLESLOW', { maxAttempts: 1, requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true } });
    withHarness(client, { delayMs: 2_000 });
    await expect(listExportJobs(client, APP)).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

describe('listing', () => {
  it('lists the seeded jobs and its own through every page, and not another tenant’s', async () => {
    const [mine, other] = [app('AKIDEXAMPLELISTER'), app('AKIDEXAMPLEOTHER')];
    for (const { tenant } of [mine, other]) await admin.setDefaults(tenant, { durationS: 0, outcome: 'COMPLETED' });
    const own = await exportEndpoints(mine.client, APP, REQUEST, POLL);
    const others = await exportEndpoints(other.client, APP, REQUEST, POLL);
    const ids = (await listExportJobs(mine.client, APP, 1)).map((j) => j.Id);
    // The seeded jobs (the package's samples: one in each of the 11 statuses) are every tenant's; a created one is its creator's alone.
    expect(ids).toContain(own.Id);
    expect(ids).toContain('aa8fb77e57d1ca18d593e909729871fe'); // the COMPLETED sample
    expect(ids).toHaveLength(SAMPLE_JOBS_OF_APP + 1);
    expect(new Set(ids).size).toBe(ids.length); // each once across the pages
    expect(ids).not.toContain(others.Id);
    expect((await admin.requests(mine.tenant, { operation: 'GetExportJobs' })).entries).toHaveLength(SAMPLE_JOBS_OF_APP + 1); // one page a job
  });
});
