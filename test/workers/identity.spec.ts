// Tenant identity through the real Worker: every access key id SigV4 allows is its own tenant,
// whether the request is signed in its Authorization header or in its query string (a
// presigned URL); a credential that cannot be read is a 403, never the anonymous tenant.
import { AwsClient } from 'aws4fetch';
import * as v from 'valibot';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_ACCESS_KEY_ID_LENGTH } from '../../src/limits';
import { JournalPageSchema } from '../../src/tenants/schema';
import { ANY_JOB, seedFixtures, urlOf } from './fixtures';
import { handleWith } from './handle';
import { DEFINITION, jobsUrl } from './tenants';

beforeEach(seedFixtures);

const ADMIN = 'https://sandbox.test/_sandbox';
const handle = handleWith();
const client = (accessKeyId: string, secretAccessKey = 'any secret') =>
  new AwsClient({ accessKeyId, secretAccessKey, service: 'mobiletargeting', region: 'us-east-1' });
const inHeader = (keyId: string, url: string, init: RequestInit = {}) => client(keyId).sign(url, init);
const inQuery = (keyId: string, url: string, init: RequestInit = {}) => client(keyId).sign(url, { ...init, aws: { signQuery: true } });

async function expect403(response: Response, message: RegExp) {
  expect(response.status).toBe(403);
  expect(response.headers.get('x-amzn-ErrorType')).toBe('ForbiddenException');
  expect(((await response.json()) as { Message: string }).Message).toMatch(message);
}

async function reset(request: Promise<Request>): Promise<string> {
  const response = await handle(await request);
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { tenant: string }).tenant;
}

async function create(request: Promise<Request>): Promise<string> {
  const response = await handle(await request);
  expect(response.status, await response.clone().text()).toBe(202);
  return ((await response.json()) as { Id: string }).Id;
}

async function listedIds(request: Promise<Request>): Promise<string[]> {
  const response = await handle(await request);
  expect(response.status).toBe(200);
  return ((await response.json()) as { Item: { Id: string }[] }).Item.map((job) => job.Id);
}

/** The paths of the tenant's journal, once it holds at least `count` entries (written after each answer). */
async function journalPaths(sign: (url: string) => Promise<Request>, count: number): Promise<string[]> {
  for (let tries = 0; ; tries++) {
    const response = await handle(await sign(`${ADMIN}/requests`));
    const { entries } = v.parse(JournalPageSchema, await response.json());
    if (entries.length >= count || tries > 500) return entries.map((entry) => `${entry.method} ${entry.path}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const post = { method: 'POST', body: JSON.stringify(DEFINITION), headers: { 'content-type': 'application/json' } };

describe('every access key id SigV4 allows is its own tenant', () => {
  it.each(['test_key', 'fake-key', 'lower_case', 'k-'.repeat(MAX_ACCESS_KEY_ID_LENGTH / 2), 'key.with:colon+plus'])(
    'key id %s',
    async (keyId) => {
      expect(await reset(inHeader(keyId, `${ADMIN}/reset`, { method: 'POST' }))).toBe(`${keyId}/us-east-1`);
      const id = await create(inHeader(keyId, jobsUrl(), post));
      expect(await listedIds(inHeader(keyId, jobsUrl()))).toContain(id);
      expect(await listedIds(Promise.resolve(new Request(jobsUrl())))).not.toContain(id); // not the anonymous tenant's
    },
  );

  it('keeps two keys apart: neither sees the other’s jobs or journal', async () => {
    const [a, b] = ['test_key', 'fake-key'];
    for (const key of [a, b]) await reset(inHeader(key, `${ADMIN}/reset`, { method: 'POST' }));
    const idA = await create(inHeader(a, jobsUrl(), post));
    const idB = await create(inQuery(b, jobsUrl(), post));
    expect(await listedIds(inQuery(a, jobsUrl()))).toEqual(expect.arrayContaining([idA]));
    expect(await listedIds(inQuery(a, jobsUrl()))).not.toContain(idB);
    expect(await listedIds(inHeader(b, jobsUrl()))).toEqual(expect.arrayContaining([idB]));
    expect(await listedIds(inHeader(b, jobsUrl()))).not.toContain(idA);
    await handle(await inHeader(a, `${jobsUrl()}/${idB}`)).then((r) => expect(r.status).toBe(404));
    await handle(await inQuery(b, `${jobsUrl()}/${idA}`)).then((r) => expect(r.status).toBe(404));
    // Each journal holds exactly its own key's four requests: its create, two lists, and its look at the other's job.
    const path = new URL(jobsUrl()).pathname;
    const own = (other: string) => [`POST ${path}`, `GET ${path}`, `GET ${path}`, `GET ${path}/${other}`];
    expect(await journalPaths((url) => inHeader(a, url), 4)).toEqual(own(idB));
    expect(await journalPaths((url) => inQuery(b, url), 4)).toEqual(own(idA));
  });

  it('a longer key id is refused, not made anonymous', async () => {
    await expect403(await handle(await inHeader('K'.repeat(MAX_ACCESS_KEY_ID_LENGTH + 1), urlOf(ANY_JOB))), /Malformed Credential/);
  });
});

describe('a presigned URL', () => {
  it('reaches the same tenant as header signing with the same key', async () => {
    const key = 'AKIDPRESIGNED';
    expect(await reset(inQuery(key, `${ADMIN}/reset`, { method: 'POST' }))).toBe(`${key}/us-east-1`);
    const id = await create(inHeader(key, jobsUrl(), post));
    const found = await handle(await inQuery(key, `${jobsUrl()}/${id}`));
    expect(found.status).toBe(200);
    expect(((await found.json()) as { Id: string }).Id).toBe(id);
    expect(await listedIds(inQuery(key, jobsUrl()))).toContain(id);
  });
});

describe('a credential the sandbox cannot read is a 403 naming the problem', () => {
  const header = (authorization: string) => new Request(urlOf(ANY_JOB), { headers: { authorization } });
  const query = (parameters: Record<string, string>) => new Request(`${urlOf(ANY_JOB)}?${new URLSearchParams(parameters)}`);
  const scope = 'AKIDX/20261129/us-east-1/mobiletargeting/aws4_request';
  const full = {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': scope,
    'X-Amz-Date': '20261129T000000Z',
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': '0'.repeat(64),
  };
  const { 'X-Amz-Signature': _signature, ...unsigned } = full;
  const cases: [string, Request, RegExp][] = [
    [
      'a scope that is not one',
      header('AWS4-HMAC-SHA256 Credential=AKIDX, SignedHeaders=host, Signature=0'),
      /Malformed Credential "AKIDX"/,
    ],
    [
      'a scope without aws4_request',
      header(`AWS4-HMAC-SHA256 Credential=${scope.replace('aws4_request', 'x')}, SignedHeaders=host, Signature=0`),
      /Malformed Credential/,
    ],
    ['no Signature', header(`AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host`), /Signature missing or empty/],
    ['nothing after the algorithm', header('AWS4-HMAC-SHA256'), /Credential, SignedHeaders, Signature missing/],
    [
      'another algorithm',
      header(`AWS4-ECDSA-P256-SHA256 Credential=${scope}, SignedHeaders=host, Signature=0`),
      /Unsupported Authorization algorithm "AWS4-ECDSA-P256-SHA256"/,
    ],
    ['a query without X-Amz-Signature', query(unsigned), /X-Amz-Signature missing or empty/],
    [
      'a query with only X-Amz-Credential',
      query({ 'X-Amz-Credential': scope }),
      /X-Amz-Algorithm, X-Amz-Date, X-Amz-SignedHeaders, X-Amz-Signature missing/,
    ],
    [
      'a query with a malformed X-Amz-Credential',
      query({ ...full, 'X-Amz-Credential': 'AKIDX/2026/us-east-1' }),
      /Malformed Credential "AKIDX\/2026\/us-east-1"/,
    ],
    ['a query with another algorithm', query({ ...full, 'X-Amz-Algorithm': 'AWS4-HMAC-SHA1' }), /Unsupported X-Amz-Algorithm/],
    [
      'both a header and a query signature',
      new Request(`${urlOf(ANY_JOB)}?${new URLSearchParams(full)}`, {
        headers: { authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=0` },
      }),
      /Only one auth mechanism allowed/,
    ],
  ];
  it.each(cases)('%s', async (_name, request, message) => {
    await expect403(await handle(request), message);
  });

  it('is refused on the admin API too, and not journaled to anyone', async () => {
    await expect403(
      await handle(new Request(`${ADMIN}/reset`, { method: 'POST', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' } })),
      /Malformed Credential|missing/,
    );
  });

  it('leaves unsigned requests, and other Authorization schemes, to the anonymous tenant', async () => {
    expect(await reset(Promise.resolve(new Request(`${ADMIN}/reset`, { method: 'POST' })))).toBe('anonymous');
    expect(
      await reset(Promise.resolve(new Request(`${ADMIN}/reset`, { method: 'POST', headers: { authorization: 'Bearer token' } }))),
    ).toBe('anonymous');
  });
});

describe('SIGV4_VERIFY on, signed in the query string', () => {
  const verifying = handleWith({ SIGV4_VERIFY: 'on', SIGV4_CREDENTIALS: 'test_key=secret/one' });
  const presign = (url: string, secret = 'secret/one', init: RequestInit = {}) =>
    client('test_key', secret).sign(url, { ...init, aws: { signQuery: true } });

  it('serves a valid presigned URL, as the tenant of its key', async () => {
    const response = await verifying(await presign(urlOf(ANY_JOB)));
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toEqual(ANY_JOB);
    const reset = await verifying(await presign(`${ADMIN}/reset`, 'secret/one', { method: 'POST' }));
    expect(await reset.json()).toEqual({ reset: true, tenant: 'test_key/us-east-1' });
  });

  it('refuses one tampered with after signing: another path, another query, another signature, the wrong secret', async () => {
    const signed = new URL((await presign(urlOf(ANY_JOB))).url);
    const otherPath = new URL(signed);
    otherPath.pathname = otherPath.pathname.replace(/.$/, (c) => (c === 'f' ? 'e' : 'f'));
    const otherQuery = new URL(signed);
    otherQuery.searchParams.set('extra', '1');
    const otherSignature = new URL(signed);
    otherSignature.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    for (const url of [otherPath, otherQuery, otherSignature]) {
      await expect403(await verifying(new Request(url)), /signature we calculated does not match/);
    }
    await expect403(await verifying(await presign(urlOf(ANY_JOB), 'wrong')), /signature we calculated does not match/);
  });

  it('refuses a presigned URL past its X-Amz-Expires', async () => {
    const url = new URL(urlOf(ANY_JOB));
    url.searchParams.set('X-Amz-Expires', '60');
    const datetime = new Date(Date.now() - 120_000).toISOString().replace(/[:-]|\.\d{3}/g, '');
    const signed = await client('test_key', 'secret/one').sign(url.toString(), { aws: { signQuery: true, datetime } });
    await expect403(await verifying(signed), /Signature expired/);
  });

  it('serves a presigned URL long after signing while its X-Amz-Expires, in seconds, lasts', async () => {
    const url = new URL(urlOf(ANY_JOB));
    url.searchParams.set('X-Amz-Expires', '3600');
    const datetime = new Date(Date.now() - 30 * 60_000).toISOString().replace(/[:-]|\.\d{3}/g, ''); // past the 15-minute skew
    const signed = await client('test_key', 'secret/one').sign(url.toString(), { aws: { signQuery: true, datetime } });
    const response = await verifying(signed);
    expect(response.status, await response.clone().text()).toBe(200);
  });
});
