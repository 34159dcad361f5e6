// The S3 mount reads only the part of a bucket a request names (issue #27): a stored value that
// is invalid fails its own job's requests and no other's, the bucket index and the job listings
// read every page KV gives, and a delete records only what the bucket holds at its instant.
// Each job this file writes to KV is its own (applications of its own), and is deleted when its
// test ends: the runtime is shared, and GET / lists every job in KV.
import { env } from 'cloudflare:test';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Env } from '../../src/env';
import { bucketIndexKey, jobKey } from '../../src/jobs/kv-key';
import { jobEntries } from '../../src/jobs/seed-entries';
import { parseXml } from '../../src/s3/xml';
import { ANY_JOB, jobUrl, jobWithStatus, seedFixtures } from './fixtures';
import { handleWith } from './handle';
import { asTenant, createRequest, jobsUrl } from './tenants';

const handle = handleWith();
const s3 = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  handle(new Request(`https://sandbox.test/_s3/${path}`, { method, headers }));

const COMPLETED = jobWithStatus('COMPLETED');

/** A small completed job (two pieces of ten endpoints) of `applicationId` exporting to s3://`bucket`/`prefix`. */
const completedJob = (applicationId: string, id: string, bucket: string, prefix: string) => ({
  ...COMPLETED,
  CompletedPieces: 2,
  FailedPieces: 0,
  TotalPieces: 2,
  TotalProcessed: 20,
  TotalFailures: 0,
  ApplicationId: applicationId,
  Id: id,
  Definition: { ...COMPLETED.Definition, S3UrlPrefix: `s3://${bucket}/${prefix}` },
});

/** Writes KV entries for this test only. */
async function putOwn(entries: { key: string; value: string }[]): Promise<void> {
  onTestFinished(() => Promise.all(entries.map((e) => env.JOBS.delete(e.key))).then(() => undefined));
  await Promise.all(entries.map((e) => env.JOBS.put(e.key, e.value)));
}

const seededEntries = (job: ReturnType<typeof completedJob>) => {
  const entries = jobEntries(job);
  if (!Array.isArray(entries)) throw new Error(entries.message);
  return entries;
};

const errorCode = async (response: Response) => (parseXml(await response.text()) as { Error?: { Code?: string } } | null)?.Error?.Code;
const keysOf = async (response: Response): Promise<string[]> => {
  const result = (parseXml(await response.text()) as { ListBucketResult: { Contents?: { Key: string } | { Key: string }[] } })
    .ListBucketResult;
  return [result.Contents ?? []].flat().map((c) => c.Key);
};

describe('one invalid stored value', () => {
  it('fails only the requests whose part of the bucket holds its job, naming it in the log; other jobs and buckets answer', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bucket = 'one-bad-value';
    const good = completedJob('badvalueapp', 'goodjob', bucket, 'good/');
    const bad = completedJob('badvalueapp', 'badjob', bucket, 'bad/');
    const elsewhere = { key: jobKey({ applicationId: 'badvalueelsewhere', jobId: 'broken' }), value: '{oops' }; // in no bucket's index
    const [badJob, badIndex] = seededEntries(bad) as [{ key: string; value: string }, { key: string; value: string }];
    await putOwn([...seededEntries(good), { ...badJob, value: '{"JobStatus": "DONE"' }, badIndex, elsewhere]);

    const goodKey = `good/goodjob/part-00000.gz`;
    expect((await s3(`${bucket}/${goodKey}`)).status).toBe(200);
    expect(await keysOf(await s3(`${bucket}?list-type=2&prefix=good/`))).toContain(goodKey);
    const badObject = await s3(`${bucket}/bad/badjob/part-00000.gz`);
    expect(badObject.status).toBe(500);
    expect(await errorCode(badObject)).toBe('InternalError');
    expect(await errorCode(await s3(`${bucket}?list-type=2`))).toBe('InternalError'); // the whole bucket holds it
    expect(errors.mock.calls.flat().join(' ')).toContain(`invalid fixture at ${jobKey({ applicationId: 'badvalueapp', jobId: 'badjob' })}`);

    // Pinpoint: a 500 for that job alone.
    expect((await handle(new Request(jobUrl('badvalueapp', 'badjob')))).status).toBe(500);
    expect((await handle(new Request(jobUrl('badvalueapp', 'goodjob')))).status).toBe(200);
    // Another bucket, and the shipped fixtures' own, keep answering.
    await seedFixtures();
    const shipped = /^s3:\/\/([^/]+)/.exec(ANY_JOB.Definition.S3UrlPrefix)?.[1];
    expect((await s3(`${shipped}`, {}, 'HEAD')).status).toBe(200);
  });
});

/** The real namespace, listed a few keys a page (KV's own pages hold 1,000): what follows the first page shows. */
const smallPages = (real: KVNamespace): KVNamespace =>
  new Proxy(real, {
    get: (target, name) =>
      name === 'list'
        ? (options: KVNamespaceListOptions = {}) => target.list({ ...options, limit: 2 })
        : (Reflect.get(target, name) as (...args: unknown[]) => unknown).bind(target),
  });

describe('KV listings', () => {
  const paged = handleWith({ JOBS: smallPages(env.JOBS) });

  it('read every page: a bucket whose index holds more keys than a page lists the job past them', async () => {
    const bucket = 'many-index-keys';
    const fillers = Array.from({ length: 5 }, (_, i) => ({
      key: bucketIndexKey(bucket, `a/${String(i).padStart(5, '0')}/`, 'gone'), // lines of jobs no longer seeded: passed over
      value: 'gone',
    }));
    const job = completedJob('pagingapp', 'lastjob', bucket, 'z/');
    await putOwn([...fillers, ...seededEntries(job)]);
    const listing = await paged(new Request(`https://sandbox.test/_s3/${bucket}?list-type=2`));
    expect(listing.status).toBe(200);
    expect(await keysOf(listing)).toContain('z/lastjob/part-00000.gz');
  });

  it('read every page: an application with more seeded jobs than a page lists the one past them', async () => {
    const applicationId = 'pagingjobsapp';
    const early = (i: number) => ({ ...ANY_JOB, ApplicationId: applicationId, Id: `a${String(i).padStart(5, '0')}` });
    const last = { ...ANY_JOB, ApplicationId: applicationId, Id: 'zlast', CreationDate: '2099-01-01T00:00:00.000Z' };
    const jobs = [...Array.from({ length: 5 }, (_, i) => early(i)), last];
    await putOwn(jobs.map((job) => ({ key: jobKey({ applicationId, jobId: job.Id }), value: JSON.stringify(job) })));
    const page = await paged(new Request(jobsUrl(applicationId, '?page-size=1')));
    expect(page.status).toBe(200);
    expect(((await page.json()) as { Item: { Id: string }[] }).Item.map((job) => job.Id)).toEqual(['zlast']); // the newest first
  });
});

describe('a delete of a key the bucket does not hold yet', () => {
  it('records nothing: the object shows once the job writes it', async () => {
    const tenant = asTenant('AKIDDELETEEARLY');
    const life = 'duration=60; outcome=COMPLETED; pieces=1; endpoints=10';
    const created = await handle(
      createRequest({ ...tenant, 'x-mock-progression': life }, { ...ANY_JOB.Definition, S3UrlPrefix: 's3://delete-early/x/' }),
    );
    expect(created.status).toBe(202);
    const { Id, CreationDate } = (await created.json()) as { Id: string; CreationDate: string };
    const key = `delete-early/x/${Id}/part-00000.gz`;
    const at = (ms: number) => ({ ...tenant, 'x-mock-now': new Date(Date.parse(CreationDate) + ms).toISOString() });
    expect((await s3(key, at(1_000))).status).toBe(404); // not written yet
    expect((await s3(key, at(1_000), 'DELETE')).status).toBe(204); // S3 answers a delete of any key so
    expect((await s3(key, at(120_000))).status).toBe(200);
  });
});

/** The real namespace, counting the calls its objects take. */
function countedTenants(real: Env['TENANTS']): { namespace: Env['TENANTS']; calls: string[] } {
  const calls: string[] = [];
  const namespace = new Proxy(real, {
    get: (target, name) => {
      const value = Reflect.get(target, name) as (...args: unknown[]) => unknown;
      if (name !== 'getByName') return typeof value === 'function' ? value.bind(target) : value;
      return (tenant: string) => {
        const stub = value.call(target, tenant) as object;
        return new Proxy(stub, {
          get: (s, method) => {
            const member = Reflect.get(s, method) as (...args: unknown[]) => unknown;
            return typeof member === 'function'
              ? (...args: unknown[]) => {
                  calls.push(String(method));
                  return Reflect.apply(member, s, args);
                }
              : member;
          },
        });
      };
    },
  });
  return { namespace, calls };
}

describe('each S3 request', () => {
  it('makes at most one call to its tenant’s Durable Object', async () => {
    await seedFixtures();
    const { namespace, calls } = countedTenants(env.TENANTS);
    const counted = handleWith({ TENANTS: namespace, JOURNAL: 'off' });
    const tenant = asTenant('AKIDONECALL');
    const created = await counted(
      createRequest(
        { ...tenant, 'x-mock-progression': 'duration=1; outcome=COMPLETED; pieces=2; endpoints=10' },
        { ...ANY_JOB.Definition, S3UrlPrefix: 's3://one-call/x/' },
      ),
    );
    expect(created.status, await created.clone().text()).toBe(202);
    const { Id } = (await created.json()) as { Id: string };
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const key = `x/${Id}/part-00000.gz`;
    const requests: [string, RequestInit][] = [
      [`one-call/${key}`, {}],
      [`one-call/${key}`, { method: 'HEAD' }],
      ['one-call?list-type=2', {}],
      [`one-call?list-type=2&prefix=x/${Id}/`, {}],
      ['one-call', { method: 'HEAD' }],
      ['one-call/x/nosuchjob/part-00000.gz', {}],
      [`one-call/${key}`, { method: 'DELETE' }],
      ['one-call?delete', { method: 'POST', body: `<Delete><Object><Key>x/${Id}/part-00001.gz</Key></Object></Delete>` }],
    ];
    for (const [path, init] of requests) {
      calls.length = 0;
      const response = await counted(new Request(`https://sandbox.test/_s3/${path}`, { ...init, headers: tenant }));
      expect(response.status, path).toBeLessThan(500);
      expect(calls.length, `${init.method ?? 'GET'} ${path}: ${calls.join(', ')}`).toBeLessThanOrEqual(1);
      if (path === `one-call/${key}` && !init.method) expect(calls).toEqual(['bucketView']); // the count sees the calls
    }
  });
});
