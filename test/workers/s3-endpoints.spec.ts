// An application's explicit endpoints (an endpoints fixture, seeded at `endpoints:{ApplicationId}`):
// its created jobs export exactly those endpoints (a segment export, its segment's), a segment
// the fixture does not list is refused at create; and the fixture reader refuses a job whose
// export is above the bound, so such a set is never seeded.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFixtureFile } from '../../src/jobs/fixture-file';
import { endpointsKey } from '../../src/jobs/kv-key';
import { MAX_PIECE_ENDPOINTS } from '../../src/limits';
import { parseXml } from '../../src/s3/xml';
import { ANY_JOB } from './fixtures';
import { handleWith } from './handle';
import { asTenant, createRequest } from './tenants';

const handle = handleWith();
const APP = 'explicitapp';
const endpoint = (Id: string) => ({ Id, ChannelType: 'EMAIL', Address: `${Id}@example.com`, Attributes: { tier: [Id] } });
const FIXTURE = { ApplicationId: APP, Endpoints: ['a', 'b', 'c', 'd', 'e'].map(endpoint), Segments: { vip: ['c', 'a'], empty: [] } };
const LIFE_S = 600;

beforeAll(async () => {
  await env.JOBS.put(endpointsKey(APP), JSON.stringify(FIXTURE));
});

/** The ids of the lines a created job's export holds once it has ended, in key order. */
async function exportedIds(tenant: Record<string, string>, segment?: string): Promise<string[]> {
  const body = {
    RoleArn: 'arn:aws:iam::123456789012:role/Export',
    S3UrlPrefix: 's3://explicit-exports/x',
    ...(segment ? { SegmentId: segment } : {}),
  };
  const life = `duration=${LIFE_S}; outcome=COMPLETED; pieces=2; endpoints=1000`;
  const created = await handle(createRequest({ ...tenant, 'x-mock-progression': life }, body, APP));
  expect(created.status).toBe(202);
  const { CreationDate } = (await created.json()) as { CreationDate: string };
  const headers = { ...tenant, 'x-mock-now': String(Date.parse(CreationDate) + LIFE_S * 1000 + 1000) };
  const list = await handle(new Request('https://sandbox.test/_s3/explicit-exports?list-type=2', { headers }));
  const contents = (parseXml(await list.text()) as { ListBucketResult: { Contents: { Key: string }[] } }).ListBucketResult.Contents;
  const ids: string[] = [];
  for (const { Key } of [contents].flat()) {
    const object = await handle(new Request(`https://sandbox.test/_s3/explicit-exports/${Key}`, { headers }));
    const text = await new Response(object.body?.pipeThrough(new DecompressionStream('gzip'))).text();
    for (const line of text.split('\n').slice(0, -1)) {
      const parsed = JSON.parse(line) as { Id: string; ApplicationId: string; Attributes: unknown };
      expect(parsed.ApplicationId).toBe(APP);
      expect(parsed.Attributes).toEqual({ tier: [parsed.Id] });
      ids.push(parsed.Id);
    }
  }
  return ids;
}

describe('an application with explicit endpoints', () => {
  it('exports exactly its endpoints, in pieces', async () => {
    expect(await exportedIds(asTenant('s3-explicit-all'))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('exports a segment’s endpoints for a segment export', async () => {
    expect(await exportedIds(asTenant('s3-explicit-vip'), 'vip')).toEqual(['c', 'a']);
  });

  it.each([
    ['nosuch', /Segment nosuch is not one/],
    ['empty', /Segment empty .* has no endpoints/],
  ])('refuses segment %s: one the fixture does not list, or lists empty', async (segment, message) => {
    const body = { RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: 's3://explicit-exports/x', SegmentId: segment };
    const response = await handle(createRequest(asTenant('s3-explicit-bad'), body, APP));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { Message: string }).Message).toMatch(message);
  });
});

describe('the fixture reader', () => {
  it('reads an endpoints fixture, and refuses a job above the export bound', () => {
    expect(readFixtureFile(JSON.stringify(FIXTURE)).endpoints?.Endpoints).toHaveLength(5);
    const huge = { ...ANY_JOB, TotalPieces: 1, CompletedPieces: 1, TotalProcessed: MAX_PIECE_ENDPOINTS + 1 };
    const read = readFixtureFile(JSON.stringify(huge));
    expect(read.jobs).toEqual([]);
    expect(read.problems).toEqual([{ path: '$.TotalProcessed', reason: expect.stringMatching(/at most 100000 per piece/) }]);
  });
});

describe('an object of explicit endpoints, once read', () => {
  it('follows its fixture when the fixture changes, and serves a Range from the bytes it kept', async () => {
    const app = 'explicitcache';
    const quick = handleWith({ JOB_CACHE_TTL_MS: '50' }); // the fixture is read again after 50 ms
    const fixture = (domain: string) => ({
      ApplicationId: app,
      Endpoints: ['a', 'b'].map((Id) => ({ ...endpoint(Id), Address: `${Id}@${domain}` })),
    });
    await env.JOBS.put(endpointsKey(app), JSON.stringify(fixture('before.example')));
    const tenant = asTenant('s3-explicit-cache');
    const body = { RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: 's3://explicit-cache/x' };
    const created = await quick(
      createRequest({ ...tenant, 'x-mock-progression': 'duration=1; outcome=COMPLETED; pieces=1; endpoints=2' }, body, app),
    );
    const { Id, CreationDate } = (await created.json()) as { Id: string; CreationDate: string };
    const headers = { ...tenant, 'x-mock-now': String(Date.parse(CreationDate) + 5_000) };
    const url = `https://sandbox.test/_s3/explicit-cache/x/${Id}/part-00000.gz`;
    const read = async (extra: Record<string, string> = {}) =>
      new Uint8Array(await (await quick(new Request(url, { headers: { ...headers, ...extra } }))).arrayBuffer());
    const gunzip = async (bytes: Uint8Array) =>
      new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    expect(await gunzip(await read())).toContain('a@before.example');
    await env.JOBS.put(endpointsKey(app), JSON.stringify(fixture('after.example')));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await read();
    expect(await gunzip(after)).toContain('a@after.example');
    const ranged = await read({ range: 'bytes=10-39' });
    expect([...ranged]).toEqual([...after.subarray(10, 40)]);
    await env.JOBS.delete(endpointsKey(app));
  });
});
