// The S3 mount through the Worker, with the test's real local KV (the shipped fixtures) and
// Durable Objects: listings (v1, v2, prefix, delimiter, start-after, continuation tokens,
// encoding-type=url, both trailing-slash forms), objects (gunzipped and parsed line by line
// against the EndpointResponse schema), ranges, conditional requests, deletes per tenant, and
// the export of a created job following its life and x-mock-now.
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { EndpointResponseSchema } from '../../src/exports/endpoint-schema';
import { S3_SERVICE, unsignedAuthorization } from '../../src/gateway/credential';
import { parseXml } from '../../src/s3/xml';
import { JOBS, seedFixtures } from './fixtures';
import { handleWith } from './handle';
import { APP, asTenant, createRequest } from './tenants';

const handle = handleWith();
const BUCKET = 'acme-pinpoint-exports';
const s3Url = (path: string) => `https://sandbox.test/_s3/${path}`;
const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => handle(new Request(s3Url(path), { method, headers }));

const COMPLETED = JOBS.find((job) => job.JobStatus === 'COMPLETED' && job.Definition.S3UrlPrefix.includes(BUCKET));
const completedPrefix = () => `${(COMPLETED?.Definition.S3UrlPrefix ?? '').slice(`s3://${BUCKET}/`.length)}${COMPLETED?.Id}/`;
/** What the seeded jobs exporting to BUCKET hold: one object per completed piece of the ended ones. */
const SEEDED_OBJECTS = JOBS.filter((job) => job.Definition.S3UrlPrefix.startsWith(`s3://${BUCKET}/`))
  .filter((job) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(job.JobStatus))
  .reduce((sum, job) => sum + (job.CompletedPieces ?? 0), 0);

/** The document of an XML answer, its root element's content. */
async function xml(response: Response, root: string): Promise<Record<string, unknown>> {
  const document = parseXml(await response.text());
  expect(document, 'a well-formed XML answer').not.toBeNull();
  return (document as Record<string, Record<string, unknown>>)[root] as Record<string, unknown>;
}
const many = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const keysOf = async (response: Response) =>
  many((await xml(response, 'ListBucketResult')).Contents as { Key: string } | { Key: string }[]).map((c) => c.Key);

async function s3Error(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/xml');
  expect(response.headers.get('x-amz-request-id')).toBeTruthy();
  const error = await xml(response, 'Error');
  expect(error.Code).toBe(code);
  return error;
}

async function gunzipLines(body: ArrayBuffer): Promise<string[]> {
  const text = await new Response(new Response(body).body?.pipeThrough(new DecompressionStream('gzip'))).text();
  return text.split('\n').slice(0, -1);
}

beforeAll(seedFixtures);

describe('ListObjectsV2 and ListObjects', () => {
  it('lists every object of the seeded ended jobs, in both trailing-slash forms', async () => {
    expect(COMPLETED).toBeDefined();
    const [withSlash, without] = await Promise.all([get(`${BUCKET}/?list-type=2`), get(`${BUCKET}?list-type=2`)]);
    expect(withSlash.status).toBe(200);
    expect(withSlash.headers.get('x-amz-request-id')).toBeTruthy();
    const keys = await keysOf(withSlash);
    expect(keys).toHaveLength(SEEDED_OBJECTS);
    expect(await keysOf(without)).toEqual(keys);
    expect(keys.filter((key) => key.startsWith(completedPrefix()))).toHaveLength(COMPLETED?.TotalPieces ?? -1);
  });

  it('pages at max-keys 1 by continuation token, and honours start-after', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const query = `list-type=2&max-keys=1${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`;
      const page = await xml(await get(`${BUCKET}?${query}`), 'ListBucketResult');
      seen.push(...many(page.Contents as { Key: string }).map((c) => c.Key));
      token = page.NextContinuationToken as string | undefined;
      expect(page.IsTruncated).toBe(token ? 'true' : 'false');
    } while (token);
    expect(seen).toHaveLength(SEEDED_OBJECTS);
    expect([...seen].sort()).toEqual(seen);
    const after = await keysOf(await get(`${BUCKET}?list-type=2&start-after=${encodeURIComponent(seen[2] as string)}`));
    expect(after).toEqual(seen.slice(3));
    await s3Error(await get(`${BUCKET}?list-type=2&continuation-token=forged`), 400, 'InvalidArgument');
  });

  it('rolls keys up by delimiter, filters by prefix, url-encodes, and lists v1 with a marker', async () => {
    const rolled = await xml(await get(`${BUCKET}?list-type=2&prefix=segments/&delimiter=/`), 'ListBucketResult');
    expect(rolled.Contents).toBeUndefined();
    const ended = JOBS.filter((job) => job.Definition.S3UrlPrefix.startsWith(`s3://${BUCKET}/`) && (job.CompletedPieces ?? 0) > 0);
    expect(many(rolled.CommonPrefixes as { Prefix: string }).length).toBeGreaterThan(0);
    expect(many(rolled.CommonPrefixes as { Prefix: string }).length).toBeLessThanOrEqual(ended.length);
    const prefixed = await keysOf(await get(`${BUCKET}?list-type=2&prefix=${encodeURIComponent(completedPrefix())}`));
    expect(prefixed).toHaveLength(COMPLETED?.TotalPieces ?? -1);
    const encoded = await xml(await get(`${BUCKET}?list-type=2&prefix=segments/&encoding-type=url`), 'ListBucketResult');
    expect(encoded.EncodingType).toBe('url');
    const all = await keysOf(await get(BUCKET));
    const v1 = await xml(await get(`${BUCKET}?marker=${encodeURIComponent(all[0] as string)}&max-keys=2`), 'ListBucketResult');
    expect(v1.Marker).toBe(all[0]);
    expect(many(v1.Contents as { Key: string }).map((c) => c.Key)).toEqual(all.slice(1, 3));
    expect(v1.IsTruncated).toBe('true');
  });

  it('answers GetBucketLocation and HeadBucket’s x-amz-bucket-region with the region of the tenant that sees the bucket', async () => {
    const signedIn = (region: string) => ({ authorization: unsignedAuthorization('AKIDWHERE', { region, service: S3_SERVICE }) });
    const located = await get(`${BUCKET}?location`, signedIn('eu-west-1'));
    expect(located.status).toBe(200);
    expect(located.headers.get('content-type')).toBe('application/xml');
    expect(parseXml(await located.text())).toEqual({ LocationConstraint: 'eu-west-1' });
    // us-east-1 as S3 names it, by an empty constraint; an unsigned caller's buckets are there.
    expect(parseXml(await (await get(`${BUCKET}/?location=`, signedIn('us-east-1'))).text())).toEqual({ LocationConstraint: '' });
    expect(parseXml(await (await get(`${BUCKET}?location`)).text())).toEqual({ LocationConstraint: '' });
    expect((await get(BUCKET, signedIn('ap-southeast-2'), 'HEAD')).headers.get('x-amz-bucket-region')).toBe('ap-southeast-2');
    await s3Error(await get('no-such-exports?location', signedIn('eu-west-1')), 404, 'NoSuchBucket');
  });

  it('answers HeadBucket: 200 for a bucket a job exports to, 404 without a body otherwise', async () => {
    const known = await get(BUCKET, {}, 'HEAD');
    expect(known.status).toBe(200);
    expect(known.headers.get('x-amz-request-id')).toBeTruthy();
    const unknown = await get('no-such-exports', {}, 'HEAD');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('');
  });

  it('is NoSuchBucket for a bucket no job exports to, naming the tenant it read (key id and region)', async () => {
    const error = await s3Error(await get('no-such-exports?list-type=2', asTenant('AKIDNOBUCKET', 'eu-west-1')), 404, 'NoSuchBucket');
    expect(error.BucketName).toBe('no-such-exports');
    expect(error.Message).toMatch(/^The specified bucket does not exist for tenant AKIDNOBUCKET\/eu-west-1: /);
  });
});

describe('GetObject and HeadObject', () => {
  const firstKey = async () =>
    (await keysOf(await get(`${BUCKET}?list-type=2&prefix=${encodeURIComponent(completedPrefix())}`)))[0] as string;

  it('serves gzip NDJSON: every line an EndpointResponse of the job’s application, ETag the MD5', async () => {
    const key = await firstKey();
    const response = await get(`${BUCKET}/${key}`);
    expect(response.status).toBe(200);
    const bytes = await response.arrayBuffer();
    expect(Number(response.headers.get('content-length'))).toBe(bytes.byteLength);
    const md5 = [...new Uint8Array(await crypto.subtle.digest('MD5', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(response.headers.get('etag')).toBe(`"${md5}"`);
    const lines = await gunzipLines(bytes);
    expect(lines).toHaveLength((COMPLETED?.TotalProcessed ?? 0) / (COMPLETED?.TotalPieces ?? 1));
    for (const line of lines) {
      const endpoint = v.parse(EndpointResponseSchema, JSON.parse(line));
      expect(endpoint.ApplicationId).toBe(COMPLETED?.ApplicationId);
    }
    const head = await get(`${BUCKET}/${key}`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(`"${md5}"`);
    expect(head.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(head.headers.get('last-modified')).toBe(new Date(COMPLETED?.CompletionDate as string).toUTCString());
    const again = await get(`${BUCKET}/${key}`);
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(new Uint8Array(bytes)); // byte-identical, same job
  });

  it('answers a range with 206, and one past the end with 416 InvalidRange', async () => {
    const key = await firstKey();
    const whole = new Uint8Array(await (await get(`${BUCKET}/${key}`)).arrayBuffer());
    const part = await get(`${BUCKET}/${key}`, { range: 'bytes=10-29' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-29/${whole.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(whole.slice(10, 30));
    const past = await get(`${BUCKET}/${key}`, { range: `bytes=${whole.length}-` });
    await s3Error(past, 416, 'InvalidRange');
    expect(past.headers.get('content-range')).toBe(`bytes */${whole.length}`);
  });

  it('answers conditional GETs: 304 on a matching If-None-Match, 412 on a failed If-Match', async () => {
    const key = await firstKey();
    const etag = (await get(`${BUCKET}/${key}`, {}, 'HEAD')).headers.get('etag') as string;
    const notModified = await get(`${BUCKET}/${key}`, { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    await s3Error(await get(`${BUCKET}/${key}`, { 'if-match': '"0123"' }), 412, 'PreconditionFailed');
  });

  it('is NoSuchKey for a key the bucket does not hold', async () => {
    const error = await s3Error(await get(`${BUCKET}/${completedPrefix()}part-99999.gz`), 404, 'NoSuchKey');
    expect(error.Key).toBe(`${completedPrefix()}part-99999.gz`);
  });
});

describe('a created job’s export, per tenant', () => {
  const LIFE_S = 3600;
  async function create(tenant: Record<string, string>, bucket: string) {
    const response = await handle(
      createRequest(
        { ...tenant, 'x-mock-progression': `duration=${LIFE_S}; outcome=COMPLETED; pieces=3; endpoints=30` },
        { RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: `s3://${bucket}/out` },
      ),
    );
    expect(response.status).toBe(202);
    return (await response.json()) as { Id: string; CreationDate: string };
  }
  const at = (ms: number, tenant: Record<string, string>) => ({ ...tenant, 'x-mock-now': String(ms) });

  it('has no objects before the job ends, then one per piece, holding every endpoint; another tenant sees no bucket', async () => {
    const owner = asTenant('s3-owner');
    const job = await create(owner, 'owner-exports');
    const created = Date.parse(job.CreationDate);
    await s3Error(await get('owner-exports?list-type=2', at(created - 1000, owner)), 404, 'NoSuchBucket');
    const empty = await get('owner-exports?list-type=2', at(created + 1000, owner));
    expect(empty.headers.get('x-sandbox-tenant')).toBe('s3-owner/us-east-1'); // an empty listing says whose view it is
    expect(await keysOf(empty)).toEqual([]);
    const ended = at(created + LIFE_S * 1000 + 1000, owner);
    const keys = await keysOf(await get('owner-exports?list-type=2', ended));
    expect(keys).toEqual([0, 1, 2].map((i) => `out/${job.Id}/part-0000${i}.gz`));
    let lines = 0;
    for (const key of keys) lines += (await gunzipLines(await (await get(`owner-exports/${key}`, ended)).arrayBuffer())).length;
    expect(lines).toBe(30);
    const other = at(created + LIFE_S * 1000 + 1000, asTenant('s3-other'));
    await s3Error(await get('owner-exports?list-type=2', other), 404, 'NoSuchBucket');
    await s3Error(await get(`owner-exports/${keys[0]}`, other), 404, 'NoSuchBucket');
    await s3Error(await get(`owner-exports/${keys[0]}`, other, 'DELETE'), 404, 'NoSuchBucket');
  });

  it('hides an object another tenant created in a seeded bucket: NoSuchKey to the other', async () => {
    const owner = asTenant('s3-seeded-owner');
    const job = await create(owner, BUCKET);
    const key = `out/${job.Id}/part-00000.gz`;
    const ended = Date.parse(job.CreationDate) + LIFE_S * 1000 + 1000;
    expect((await get(`${BUCKET}/${key}`, at(ended, owner))).status).toBe(200);
    await s3Error(await get(`${BUCKET}/${key}`, at(ended, asTenant('s3-seeded-other'))), 404, 'NoSuchKey');
  });
});

describe('DeleteObject and DeleteObjects', () => {
  it('hide a seeded object from the deleting tenant only, until its reset', async () => {
    const deleter = asTenant('s3-deleter');
    const bystander = asTenant('s3-bystander');
    const keys = await keysOf(await get(`${BUCKET}?list-type=2&prefix=${encodeURIComponent(completedPrefix())}`, deleter));
    const [first, second, third] = keys as [string, string, string];
    const deleted = await get(`${BUCKET}/${first}`, deleter, 'DELETE');
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get('x-amz-request-id')).toBeTruthy();
    await s3Error(await get(`${BUCKET}/${first}`, deleter), 404, 'NoSuchKey');
    expect((await get(`${BUCKET}/${first}`, bystander, 'HEAD')).status).toBe(200);
    const body = `<Delete><Object><Key>${second}</Key></Object><Object><Key>${third}</Key></Object><Object><Key>nothing-here</Key></Object></Delete>`;
    const batch = await handle(new Request(s3Url(`${BUCKET}?delete`), { method: 'POST', headers: deleter, body }));
    expect(batch.status).toBe(200);
    const result = await xml(batch, 'DeleteResult');
    expect(many(result.Deleted as { Key: string }).map((d) => d.Key)).toEqual([second, third, 'nothing-here']);
    const left = await keysOf(await get(`${BUCKET}?list-type=2&prefix=${encodeURIComponent(completedPrefix())}`, deleter));
    expect(left).toEqual(keys.slice(3));
    expect(await keysOf(await get(`${BUCKET}?list-type=2&prefix=${encodeURIComponent(completedPrefix())}`, bystander))).toEqual(keys);
    expect((await handle(new Request('https://sandbox.test/_sandbox/reset', { method: 'POST', headers: deleter }))).status).toBe(200);
    expect(await keysOf(await get(`${BUCKET}?list-type=2&prefix=${encodeURIComponent(completedPrefix())}`, deleter))).toEqual(keys);
  });

  it('refuses a malformed DeleteObjects document as MalformedXML, deleting nothing', async () => {
    const response = await handle(new Request(s3Url(`${BUCKET}?delete`), { method: 'POST', body: '<Delete><Nope/></Delete>' }));
    await s3Error(response, 400, 'MalformedXML');
  });
});

describe('what the mount does not serve', () => {
  it('answers other operations NotImplemented, other methods MethodNotAllowed, in S3’s XML', async () => {
    await s3Error(await get(`${BUCKET}/some/key`, {}, 'PUT'), 501, 'NotImplemented');
    await s3Error(await get(`${BUCKET}?acl`), 501, 'NotImplemented');
    await s3Error(await get(''), 501, 'NotImplemented');
    await s3Error(await handle(new Request('https://sandbox.test/_s3', {})), 501, 'NotImplemented');
    await s3Error(await get(`${BUCKET}/key`, {}, 'PATCH'), 405, 'MethodNotAllowed');
    await s3Error(await get('Bad_Bucket?list-type=2'), 400, 'InvalidBucketName');
    const ipShaped = await s3Error(await get('192.168.1.1?list-type=2'), 400, 'InvalidBucketName');
    expect(ipShaped.Message).toMatch(/must not be formatted as an IP address/);
  });

  it('answers a CORS preflight with the mount’s methods', async () => {
    const response = await handle(
      new Request(s3Url(`${BUCKET}/some/key`), {
        method: 'OPTIONS',
        headers: { origin: 'https://app.test', 'access-control-request-method': 'GET' },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST, DELETE, OPTIONS');
    expect(response.headers.get('x-amz-request-id')).toBeTruthy();
  });

  it('keeps the application’s own paths Pinpoint-shaped', async () => {
    const response = await handle(new Request(`https://sandbox.test/v1/apps/${APP}/jobs/export/none`));
    expect(response.headers.get('x-amzn-ErrorType')).toBe('NotFoundException');
  });
});
