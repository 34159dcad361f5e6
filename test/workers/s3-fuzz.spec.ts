// Property-based requests on the S3 mount, in the Workers runtime with real local KV and
// Durable Objects: random methods, paths (buckets, keys, encodings, trailing slashes), queries,
// conditional and range headers, harness headers and DeleteObjects bodies. Whatever comes in,
// the answer is S3's: no 5xx that was not injected (but S3's own 501 NotImplemented), every
// error S3's XML document with a known code, its status and the request id, and a request id
// on every answer.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3_PATTERN } from '../../src/routes/table';
import { S3_ERRORS, type S3ErrorCode } from '../../src/s3/errors';
import { parseXml } from '../../src/s3/xml';
import { JOBS, seedFixtures } from './fixtures';
import { handleWith } from './handle';
import { asTenant, createRequest } from './tenants';

const handle = handleWith({ JOURNAL: 'off' });
const RUNS = 1500;
const TIMEOUT_MS = 120_000;
const SEEDED_BUCKET = 'acme-pinpoint-exports';
const FUZZ_BUCKET = 'fuzz-exports';
const OWNER = asTenant('s3-fuzz-owner');
const keys: string[] = []; // real keys, filled once the fuzz bucket's job has been created
let ended = 0; // an instant at which the fuzz bucket's job has ended
let sent = 0;

beforeAll(async () => {
  await seedFixtures();
  const life = 'duration=1; outcome=FAILED; pieces=3; endpoints=12';
  const body = { RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: `s3://${FUZZ_BUCKET}/a b/ü` };
  const created = (await (await handle(createRequest({ ...OWNER, 'x-mock-progression': life }, body))).json()) as {
    Id: string;
    CreationDate: string;
  };
  ended = Date.parse(created.CreationDate) + 10_000;
  keys.push(...[0, 1, 2].map((i) => `a b/ü/${created.Id}/part-0000${i}.gz`));
  const completed = JOBS.find((job) => job.JobStatus === 'COMPLETED' && job.Definition.S3UrlPrefix.startsWith(`s3://${SEEDED_BUCKET}/`));
  keys.push(`${completed?.Definition.S3UrlPrefix.slice(`s3://${SEEDED_BUCKET}/`.length)}${completed?.Id}/part-00000.gz`);
});
afterAll(() => {
  expect(sent).toBe(RUNS);
});

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom('', '%', '%zz', '..', '/', '//'),
);
const bucket = fc.oneof(fc.constantFrom(FUZZ_BUCKET, FUZZ_BUCKET, SEEDED_BUCKET, 'no-such-bucket', 'Bad_Bucket', 'ab', 'a..b'), text);
const key = fc.oneof(
  fc.constantFrom(0, 1, 2, 3).map((i) => ({ real: i })),
  text.map((t) => ({ raw: t })),
);
const path = fc.tuple(fc.constantFrom('', '/', '/b', '/b/', '/b/k', '/b/k', '/b/k'), bucket, key).map(([shape, b, k]) => ({ shape, b, k }));
const param = fc.tuple(
  fc.constantFrom(
    'list-type',
    'prefix',
    'delimiter',
    'max-keys',
    'continuation-token',
    'start-after',
    'marker',
    'encoding-type',
    'fetch-owner',
    'delete',
    'acl',
    'uploads',
    'versionId',
    'x',
  ),
  fc.oneof(text, fc.constantFrom('2', '1', 'url', '0', '-1', '1000', '99999999999', 'true')),
);
const query = fc.array(param, { maxLength: 4 });
const headers = fc.record(
  {
    range: fc.oneof(
      fc.constantFrom('bytes=0-9', 'bytes=-5', 'bytes=5-', 'bytes=999999-', 'bytes=9-1', 'bytes=0-1,4-5', 'items=0-1'),
      fc.string({ maxLength: 12 }),
    ),
    'if-match': fc.constantFrom('*', '"nope"', 'W/"x"'),
    'if-none-match': fc.constantFrom('*', '"nope"'),
    'if-modified-since': fc.constantFrom('Wed, 01 Jan 2020 00:00:00 GMT', 'garbage'),
    'x-mock-error': fc.constantFrom('SlowDown', '503', 'InternalError', 'AccessDenied', 'NoSuchThing', '429'),
    'x-mock-fault': fc.constantFrom('empty-body', 'truncated-json', 'malformed-json', 'bad'),
    'x-mock-now': fc.constantFrom('now', 'ended', '0', 'garbage'),
    'x-mock-delay': fc.constantFrom('0', '1', 'x'),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.constantFrom(
    '<Delete><Object><Key>k</Key></Object></Delete>',
    '<Delete><Quiet>true</Quiet><Object><Key>k</Key></Object></Delete>',
    '<Delete></Delete>',
    '<!DOCTYPE x [<!ENTITY a "b">]><Delete/>',
    '',
  ),
  fc.string({ maxLength: 40 }),
);
const method = fc.constantFrom('GET', 'GET', 'HEAD', 'DELETE', 'POST', 'PUT', 'PATCH', 'OPTIONS');
const tenant = fc.constantFrom(OWNER, asTenant('s3-fuzz-other'), {}, { authorization: 'AWS4-HMAC-SHA256 Credential=garbage' }); // the last: the gateway's 403

function urlOf({ shape, b, k }: { shape: string; b: string; k: { real: number } | { raw: string } }, params: [string, string][]): string {
  const keyText = 'real' in k ? (keys[k.real] as string).split('/').map(encodeURIComponent).join('/') : k.raw;
  const pathText = shape.replace('/b', `/${encodeURIComponent(b)}`).replace('/k', `/${keyText}`);
  const search = params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
  return `https://sandbox.test/_s3${pathText}${search ? `?${search}` : ''}`;
}

async function checkAnswer(request: Request, sentHeaders: Record<string, string>) {
  sent++;
  if (!S3_PATTERN.test(new URL(request.url).pathname)) return; // a "/_s3/.." the URL parser took off the mount: fuzz.spec.ts's
  const response = await handle(request);
  const requestId = response.headers.get('x-amz-request-id');
  expect(requestId).toBeTruthy();
  expect(response.headers.get('x-mock-applied')).toBeTruthy();
  const answer = new Uint8Array(await response.arrayBuffer());
  if (response.status >= 500 && response.status !== 501) expect('x-mock-error' in sentHeaders, `unexpected ${response.status}`).toBe(true);
  if (request.method === 'OPTIONS' && response.status < 400) return expect([response.status, answer.length]).toEqual([200, 0]); // the CORS preflight
  if (response.status < 400) return; // 2xx and 304: their shapes are the other specs' (and a fault may break them on purpose)
  if (request.method === 'HEAD') return expect(answer.length).toBe(0);
  const error = (parseXml(new TextDecoder().decode(answer)) as { Error?: { Code: S3ErrorCode; RequestId: string } } | null)?.Error;
  expect(error, `${response.status}: ${new TextDecoder().decode(answer)}`).toBeDefined();
  expect(S3_ERRORS[error?.Code as S3ErrorCode]?.status).toBe(response.status);
  expect(error?.RequestId).toBe(requestId);
  expect(response.headers.get('content-type')).toBe('application/xml');
}

describe('fuzzed S3 requests', () => {
  it(
    'any method, path, query, headers and body get S3’s answer: no 5xx not injected, every error S3’s XML',
    async () => {
      await fc.assert(
        fc.asyncProperty(method, path, query, headers, body, tenant, async (m, p, q, h, b, who) => {
          const sentHeaders: Record<string, string> = { ...who, ...h };
          if (h['x-mock-now'] === 'now') sentHeaders['x-mock-now'] = String(Date.now());
          if (h['x-mock-now'] === 'ended') sentHeaders['x-mock-now'] = String(ended);
          const withBody = m === 'POST' || m === 'PUT';
          await checkAnswer(new Request(urlOf(p, q), { method: m, headers: sentHeaders, body: withBody ? b : undefined }), sentHeaders);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
