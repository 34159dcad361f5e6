// Property-based CreateExportJob bodies and list query strings against the Worker, with the
// real Durable Object: whatever comes in, no 5xx; a 202 holds a job whose Definition is what
// was valid in the body; a 400 says what was wrong; a list is always a well-formed page.
import fc from 'fast-check';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageBodySchema } from '../../src/http/error-bodies';
import { ExportJobResponseSchema, ExportJobsResponseSchema } from '../../src/jobs/schema';
import { seedFixtures } from './fixtures';
import { handleWith } from './handle';
import { APP, asTenant, createRequest, DEFINITION, jobsUrl, SEGMENT, segmentJobsUrl } from './tenants';

const handle = handleWith({ JOURNAL: 'off' }); // what is fuzzed here is the operations; the journal has its own tests
// Bodies and query strings: 10,000 in all. A list costs a Durable Object call and four times a
// body's time, and its inputs (three names, a few value shapes) are found in far fewer runs.
const RUNS = { bodies: 8500, queries: 1500, admin: 1000 };
const TIMEOUT_MS = 120_000;
let sent = 0;

beforeAll(seedFixtures);
afterAll(() => {
  expect(sent).toBeGreaterThanOrEqual(10_000);
});

const tenant = fc.integer({ min: 1, max: 40 }).map((n) => asTenant(`AKIDFUZZ${n}`)); // spreads jobs below TENANT_MAX_JOBS
const anyValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);
const member = <T>(good: fc.Arbitrary<T>) =>
  fc.option(fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: anyValue }), { nil: undefined });
const request = fc.record(
  {
    RoleArn: member(fc.constantFrom(DEFINITION.RoleArn, 'arn:aws-cn:iam::210987654321:role/path/Export', 'arn:aws:iam::1:role/x')),
    S3UrlPrefix: member(fc.constantFrom(DEFINITION.S3UrlPrefix, 's3://b.c-d', 's3://bucket/a b', 's3://Upper/x')),
    SegmentId: member(fc.constantFrom(SEGMENT, 'seg-1', '')),
    SegmentVersion: member(fc.integer({ min: -2, max: 2 ** 31 })),
    Extra: member(anyValue),
  },
  { requiredKeys: [] },
);
/** Query strings of up to three of `names`, in any order and repeated, each with a value from `value`. */
const queryOf = (names: string[], value: fc.Arbitrary<string>) =>
  fc
    .array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 3 })
    .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs)}` : ''));

const body = fc.oneof(
  { weight: 6, arbitrary: request.map((r) => JSON.stringify(r)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((j) => JSON.stringify(j)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

describe('fuzzed CreateExportJob bodies', () => {
  it(
    'never answer 5xx; a 202 holds the valid Definition, a 400 names what is wrong',
    async () => {
      await fc.assert(
        fc.asyncProperty(tenant, body, async (headers, text) => {
          sent++;
          const response = await handle(createRequest(headers, text));
          const answer = await response.json();
          expect([202, 400, 429], JSON.stringify(answer)).toContain(response.status);
          if (response.status === 202) {
            const job = v.parse(ExportJobResponseSchema, answer);
            const sentBody = JSON.parse(text) as Record<string, unknown>;
            expect(job.Definition.RoleArn).toBe(sentBody.RoleArn);
            expect(job.Definition).not.toHaveProperty('Extra');
          } else {
            expect(v.parse(MessageBodySchema, answer).Message).toBeTruthy();
          }
        }),
        { numRuns: RUNS.bodies },
      );
    },
    TIMEOUT_MS,
  );
});

describe('fuzzed list query strings', () => {
  const query = queryOf(
    ['page-size', 'token', 'other'],
    fc.oneof(fc.string({ maxLength: 20 }), fc.integer({ min: -5, max: 200 }).map(String), fc.base64String({ maxLength: 40 })),
  );

  it(
    'never answer 5xx; a 200 is a well-formed page of at most the asked size',
    async () => {
      await fc.assert(
        fc.asyncProperty(tenant, fc.boolean(), query, async (headers, segmented, q) => {
          sent++;
          const url = segmented ? segmentJobsUrl(SEGMENT, APP, q) : jobsUrl(APP, q);
          const response = await handle(new Request(url, { headers }));
          const answer = await response.json();
          expect([200, 400], JSON.stringify(answer)).toContain(response.status);
          if (response.status === 200) {
            const page = v.parse(ExportJobsResponseSchema, answer);
            const asked = new URLSearchParams(q).get('page-size');
            if (asked) expect(page.Item.length).toBeLessThanOrEqual(Number(asked));
          } else {
            expect(v.parse(MessageBodySchema, answer).Message).toMatch(/page-size|token/);
          }
        }),
        { numRuns: RUNS.queries },
      );
    },
    TIMEOUT_MS,
  );
});

describe('fuzzed admin API calls', () => {
  const query = queryOf(
    ['limit', 'since', 'operation', 'status', 'other'],
    fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer({ min: -5, max: 2000 }).map(String),
      fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())),
    ),
  );
  const defaults = fc.oneof(
    fc
      .record(
        {
          durationS: member(fc.double({ min: -1, max: 4e7, noNaN: true })),
          outcome: member(fc.constantFrom('COMPLETED', 'FAILED', 'CANCELLED')),
          pieces: member(fc.integer({ min: -1, max: 20_000 })),
          endpoints: member(fc.integer()),
          colour: member(anyValue),
        },
        { requiredKeys: [] },
      )
      .map((d) => JSON.stringify(d)),
    fc.jsonValue({ maxDepth: 2 }).map((j) => JSON.stringify(j)),
    fc.string({ maxLength: 50 }),
  );
  const call = fc.record({
    method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'),
    path: fc.constantFrom('requests', 'reset', 'defaults', 'other', 'requests/1', ''),
    query,
    body: defaults,
  });

  it(
    'never answer 5xx, and answer JSON',
    async () => {
      await fc.assert(
        fc.asyncProperty(tenant, call, async (headers, { method, path, query: q, body: text }) => {
          sent++;
          const withBody = method === 'PUT' || method === 'POST';
          const response = await handle(
            new Request(`https://sandbox.test/_sandbox/${path}${q}`, { method, headers, body: withBody ? text : undefined }),
          );
          expect(response.status, `${method} ${path}${q}`).toBeLessThan(500);
          const answer = await response.text();
          if (method !== 'OPTIONS') expect(() => JSON.parse(answer)).not.toThrow();
          if (response.status === 400) expect(v.parse(MessageBodySchema, JSON.parse(answer)).Message).toBeTruthy();
        }),
        { numRuns: RUNS.admin },
      );
    },
    TIMEOUT_MS,
  );
});
