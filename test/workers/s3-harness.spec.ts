// The harness on the S3 mount, through the Worker: x-mock-error by status or S3 code (with its
// message, attempts, rate and seed), x-mock-delay and the body faults, answered in S3's shape;
// an injected error reads and deletes nothing; x-mock-applied on every S3 answer; the journal
// records S3's operation names and filters by them.
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseXml } from '../../src/s3/xml';
import { JournalPageSchema } from '../../src/tenants/schema';
import { JOBS, seedFixtures, urlOf } from './fixtures';
import { handleWith } from './handle';
import { asTenant } from './tenants';

const handle = handleWith();
const BUCKET = 'acme-pinpoint-exports';
const COMPLETED = JOBS.find((job) => job.JobStatus === 'COMPLETED' && job.Definition.S3UrlPrefix.startsWith(`s3://${BUCKET}/`));
const KEY = `${(COMPLETED?.Definition.S3UrlPrefix ?? '').slice(`s3://${BUCKET}/`.length)}${COMPLETED?.Id}/part-00000.gz`;
const s3 = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  handle(new Request(`https://sandbox.test/_s3/${path}`, { method, headers }));

async function s3Error(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('x-amz-request-id')).toBeTruthy();
  const error = (parseXml(await response.text()) as { Error: Record<string, unknown> } | null)?.Error;
  expect(error?.Code).toBe(code);
  return error as Record<string, unknown>;
}

beforeAll(seedFixtures);

describe('x-mock-error on S3', () => {
  it.each([
    ['SlowDown', 503, 'SlowDown'],
    ['InternalError', 500, 'InternalError'],
    ['AccessDenied', 403, 'AccessDenied'],
    ['503', 503, 'SlowDown'],
    ['501', 501, 'NotImplemented'],
    ['TooManyRequestsException', 503, 'SlowDown'],
  ])('x-mock-error: %s is S3’s %i %s, in XML', async (header, status, code) => {
    const response = await s3(`${BUCKET}?list-type=2`, { 'x-mock-error': header, 'x-mock-error-message': 'injected' });
    const error = await s3Error(response, status, code);
    expect(error.Message).toBe('injected');
    expect(response.headers.get('x-mock-applied')).toContain(`error=`);
  });

  it('reads and deletes nothing when it fires', async () => {
    const tenant = asTenant('s3-harness-delete');
    await s3Error(await s3(`${BUCKET}/${KEY}`, { ...tenant, 'x-mock-error': 'InternalError' }, 'DELETE'), 500, 'InternalError');
    expect((await s3(`${BUCKET}/${KEY}`, tenant, 'HEAD')).status).toBe(200);
  });

  it('fails the attempts asked, then serves; honours a rate with a seed', async () => {
    const headers = { 'x-mock-error': 'SlowDown', 'x-mock-error-attempts': '1' };
    await s3Error(await s3(`${BUCKET}/${KEY}`, { ...headers, 'amz-sdk-request': 'attempt=1; max=3' }), 503, 'SlowDown');
    const second = await s3(`${BUCKET}/${KEY}`, { ...headers, 'amz-sdk-request': 'attempt=2; max=3' }, 'HEAD');
    expect(second.status).toBe(200);
    expect(second.headers.get('x-mock-applied')).toBe('error=503 skipped; attempt=2/1');
    const never = await s3(`${BUCKET}/${KEY}`, { 'x-mock-error': 'SlowDown', 'x-mock-error-rate': '0', 'x-mock-seed': 's3' }, 'HEAD');
    expect(never.status).toBe(200);
    const always = await s3(`${BUCKET}/${KEY}`, { 'x-mock-error': 'SlowDown', 'x-mock-error-rate': '1', 'x-mock-seed': 's3' });
    await s3Error(always, 503, 'SlowDown');
  });

  it('keeps S3 codes off Pinpoint’s operations: a 400 there', async () => {
    const response = await handle(
      new Request(`https://sandbox.test${new URL(urlOf(COMPLETED as never)).pathname}`, { headers: { 'x-mock-error': 'SlowDown' } }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-ErrorType')).toBe('BadRequestException');
  });

  it('answers a malformed harness header with S3’s InvalidArgument', async () => {
    await s3Error(await s3(`${BUCKET}?list-type=2`, { 'x-mock-error': 'NoSuchThing' }), 400, 'InvalidArgument');
  });
});

describe('x-mock-delay and x-mock-fault on S3', () => {
  it('reports the delay, and x-mock-applied is none on a plain answer', async () => {
    const delayed = await s3(`${BUCKET}/${KEY}`, { 'x-mock-delay': '5' }, 'HEAD');
    expect(delayed.headers.get('x-mock-applied')).toBe('delay=5ms');
    expect((await s3(`${BUCKET}/${KEY}`, {}, 'HEAD')).headers.get('x-mock-applied')).toBe('none');
  });

  it('breaks a listing’s XML and an object’s bytes', async () => {
    const list = await s3(`${BUCKET}?list-type=2`, { 'x-mock-fault': 'truncated-json' });
    expect(list.status).toBe(200);
    expect(parseXml(await list.text())).toBeNull();
    const whole = (await (await s3(`${BUCKET}/${KEY}`)).arrayBuffer()).byteLength;
    const cut = await s3(`${BUCKET}/${KEY}`, { 'x-mock-fault': 'truncated-json' });
    expect(cut.headers.get('x-mock-applied')).toContain('fault=truncated-json');
    expect((await cut.arrayBuffer()).byteLength).toBe(Math.floor(whole / 2));
    const empty = await s3(`${BUCKET}/${KEY}`, { 'x-mock-fault': 'empty-body' });
    expect((await empty.arrayBuffer()).byteLength).toBe(0);
    const malformed = new Uint8Array(await (await s3(`${BUCKET}/${KEY}`, { 'x-mock-fault': 'malformed-json' })).arrayBuffer());
    expect(malformed.length).toBe(whole - 1);
    expect(malformed[0]).not.toBe(0x1f); // no gzip magic: no client can gunzip it
  });
});

describe('the journal on S3', () => {
  it('records S3 operation names and error codes, and filters by them', async () => {
    const tenant = asTenant('s3-journal');
    await s3(`${BUCKET}?list-type=2&max-keys=1`, tenant);
    await s3(`${BUCKET}/${KEY}`, tenant, 'HEAD');
    await s3(`${BUCKET}/missing.gz`, tenant);
    const read = async (query: string) => {
      for (;;) {
        const response = await handle(new Request(`https://sandbox.test/_sandbox/requests${query}`, { headers: tenant }));
        expect(response.status).toBe(200);
        const { entries } = v.parse(JournalPageSchema, await response.json());
        if (entries.length >= (query ? 1 : 3)) return entries;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const all = await read('');
    expect(all.map((entry) => entry.operation)).toEqual(['ListObjectsV2', 'HeadObject', 'GetObject']);
    expect(all[2]?.errorType).toBe('NoSuchKey');
    const gets = await read('?operation=GetObject');
    expect(gets.map((entry) => [entry.operation, entry.status])).toEqual([['GetObject', 404]]);
  });
});
