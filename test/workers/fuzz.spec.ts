// Property-based requests against the Worker, in the Workers runtime, with real local KV:
// random methods, paths, harness headers and bodies. Whatever comes in, what goes out is a
// documented status with a well-formed body and a request id, and nothing throws.
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import * as v from 'valibot';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MessageBodySchema } from '../../src/http/error-bodies';
import { ERROR_CATALOGUE } from '../../src/http/errors';
import { ExportJobResponseSchema, ExportJobsResponseSchema } from '../../src/jobs/schema';
import { compilePath } from '../../src/routes/paths';
import { JOB_PATH, JOBS_PATH, SEGMENT_JOBS_PATH } from '../../src/routes/table';
import { ANY_JOB, JOBS, seedFixtures } from './fixtures';
import { handleWith } from './handle';

const handle = handleWith({ JOURNAL: 'off' }); // what is fuzzed here is the operations; the journal has its own tests
const STATUSES = new Set([200, 202, ...Object.values(ERROR_CATALOGUE).map((e) => e.status)]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const JOB = compilePath(JOB_PATH);
const LISTS = [compilePath(JOBS_PATH), compilePath(SEGMENT_JOBS_PATH)];
const PUBLIC_FILES = ['/index.html', '/app.js', '/sandbox.css', '/openapi.json'];
const RUNS = { requests: 5000, harness: 4000, kv: 1000 }; // a KV case writes a value of up to 1 MB first: six times a request's time
const TIMEOUT_MS = 120_000;
let sent = 0;

beforeEach(seedFixtures);
afterAll(() => {
  expect(sent).toBeGreaterThanOrEqual(10_000);
});

const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
const segment = fc.oneof(
  fc.constantFrom(...JOBS.flatMap((j) => [j.ApplicationId, j.Id])),
  hex32,
  fc.string({ maxLength: 12, unit: 'grapheme' }).map(encodeURIComponent),
  fc.stringMatching(/^%[0-9A-Za-z]{0,2}[a-z]{0,3}$/), // broken percent-encoding
  fc.constantFrom('', '.', '..', '%2E%2E', '%2F', '%3A', 'a'.repeat(65), 'x'.repeat(300), 'v1', 'apps', 'jobs', 'export'),
);
const path = fc.oneof(
  fc.tuple(segment, segment, fc.constantFrom('', '/', '//')).map(([app, job, tail]) => `/v1/apps/${app}/jobs/export/${job}${tail}`),
  fc.array(segment, { maxLength: 8 }).map((parts) => `/${parts.join('/')}`),
  fc.constantFrom('/', '//v1//apps', '/v1/apps/x/jobs/export', '/favicon.ico', ...PUBLIC_FILES),
);
// workerd accepts only the methods it knows, in requests it receives and in ones built here alike.
const method = fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH', 'PROPFIND', 'MKCOL', 'REPORT');
const garbage = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 1025, maxLength: 1100 }));
const when = fc.oneof(
  fc.date({ min: new Date(0), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer({ min: 0, max: 4e12 }).map(String),
  garbage,
);
const harnessValue: Record<string, fc.Arbitrary<string>> = {
  'x-mock-error': fc.oneof(
    fc.constantFrom('400', '403', '404', '405', '413', '429', '500', '502', '503', '504', 'TooManyRequestsException', 'nope', '418'),
    garbage,
  ),
  'x-mock-error-message': fc.oneof(fc.string({ maxLength: 50 }), garbage),
  'x-mock-error-attempts': fc.oneof(fc.integer({ min: -1, max: 102 }).map(String), garbage),
  'x-mock-error-rate': fc.oneof(
    fc.double({ min: -0.5, max: 1.5, noNaN: true }).map((n) => n.toFixed(3)),
    garbage,
  ),
  'x-mock-seed': fc.oneof(fc.string({ maxLength: 20 }), garbage),
  'x-mock-delay': fc.oneof(
    fc.integer({ min: 0, max: 2 }).map(String),
    fc.constant('0-2'),
    fc.integer({ min: 10_001, max: 99_999 }).map(String),
    garbage,
  ),
  'x-mock-fault': fc.oneof(fc.constantFrom('empty-body', 'malformed-json', 'truncated-json'), garbage),
  'x-mock-now': when,
  'x-mock-progression': fc.oneof(
    fc
      .record({
        start: when,
        duration: fc.oneof(fc.integer({ min: 0, max: 31_536_000 }).map(String), garbage),
        outcome: fc.constantFrom('COMPLETED', 'FAILED', 'CANCELLED', 'DONE'),
        pieces: fc.option(fc.integer({ min: 0, max: 10_001 }).map(String)),
      })
      .map((p) => `start=${p.start}; duration=${p.duration}; outcome=${p.outcome}${p.pieces === null ? '' : `; pieces=${p.pieces}`}`),
    garbage,
  ),
  prefer: fc.oneof(fc.constantFrom('code=404', 'code=500', 'code=200', 'code=999', 'return=minimal'), garbage),
  'x-mock-whatever': garbage,
  'amz-sdk-request': fc.oneof(
    fc.integer({ min: 1, max: 5 }).map((n) => `attempt=${n}; max=3`),
    garbage,
  ),
  origin: fc.constantFrom('https://app.example', 'null'),
};
const headers = fc
  .subarray(Object.keys(harnessValue), { maxLength: 6 })
  .chain((names) => fc.tuple(...names.map((n) => (harnessValue[n] as fc.Arbitrary<string>).map((value) => [n, value] as const))))
  .map((pairs) => Object.fromEntries(pairs.filter(([, value]) => /^[\t\x20-\x7e]*$/.test(value)))); // what HTTP can carry
const body = fc.option(fc.oneof(fc.string({ maxLength: 2000 }), fc.uint8Array({ maxLength: 2000 })), { nil: undefined });

async function checkAnswer(request: Request, sentHeaders: Record<string, string>) {
  sent++;
  const response = await handle(request);
  expect(STATUSES).toContain(response.status);
  expect(response.headers.get('x-amzn-RequestId')).toMatch(UUID);
  expect(response.headers.get('x-mock-applied')).toBeTruthy();
  const text = await response.text();
  const injected = 'x-mock-error' in sentHeaders || 'prefer' in sentHeaders;
  if (response.status >= 500) expect(injected, `unexpected ${response.status}: ${text}`).toBe(true);
  if (request.method === 'HEAD' || (request.method === 'OPTIONS' && response.status === 200)) {
    expect(text).toBe('');
  } else if (response.status < 300 && 'x-mock-fault' in sentHeaders) {
    // a body broken on purpose
  } else if (response.status === 200 && LISTS.some((list) => list.test(new URL(request.url).pathname))) {
    expect(() => v.parse(ExportJobsResponseSchema, JSON.parse(text))).not.toThrow();
  } else if (response.status === 200 && !JOB.test(new URL(request.url).pathname)) {
    expect(['/', ...PUBLIC_FILES]).toContain(new URL(request.url).pathname); // the index, or a file of public/
  } else if (response.status === 200 || response.status === 202) {
    expect(() => v.parse(ExportJobResponseSchema, JSON.parse(text))).not.toThrow();
  } else if (response.status >= 502) {
    expect(Object.keys(JSON.parse(text))).toEqual(['message']);
  } else {
    const error = v.parse(MessageBodySchema, JSON.parse(text));
    expect(error.RequestID).toBe(response.headers.get('x-amzn-RequestId'));
    expect(response.headers.get('x-amzn-ErrorType')).toMatch(/Exception$/);
  }
}

describe('fuzzed requests', () => {
  it(
    'any method, path and body gets a documented, well-formed answer',
    async () => {
      await fc.assert(
        fc.asyncProperty(method, path, headers, body, async (m, p, h, b) => {
          const withBody = m !== 'GET' && m !== 'HEAD' && b !== undefined;
          await checkAnswer(new Request(`https://sandbox.test${p}`, { method: m, headers: h, body: withBody ? b : undefined }), h);
        }),
        { numRuns: RUNS.requests },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'any mix of harness headers on a seeded job gets a documented, well-formed answer',
    async () => {
      const job = fc.constantFrom(...JOBS);
      await fc.assert(
        fc.asyncProperty(job, fc.constantFrom('GET', 'GET', 'HEAD'), headers, async (j, m, h) => {
          await checkAnswer(
            new Request(`https://sandbox.test/v1/apps/${j.ApplicationId}/jobs/export/${j.Id}`, { method: m, headers: h }),
            h,
          );
        }),
        { numRuns: RUNS.harness },
      );
    },
    TIMEOUT_MS,
  );
});

describe('corrupt or hostile KV contents', () => {
  let n = 0;
  const stored = fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((j) => JSON.stringify(j)) },
    { weight: 3, arbitrary: fc.constantFrom(...JOBS).map((j) => JSON.stringify(j)) }, // another job's data under this key
    {
      weight: 3,
      arbitrary: fc
        .record({ field: fc.constantFrom(...Object.keys(ANY_JOB)), value: fc.jsonValue({ maxDepth: 1 }) })
        .map(({ field, value }) => JSON.stringify({ ...ANY_JOB, [field]: value })),
    },
    { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 1_000_000 }).map((size) => `{"ApplicationId":"${'a'.repeat(size)}"}`) },
    { weight: 1, arbitrary: fc.constant('matching') },
  );

  it(
    'never crash the Worker, never answer 200 with another job, and fail only their own job',
    async () => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {}); // each invalid value is logged; checked below
      await fc.assert(
        fc.asyncProperty(stored, fc.constantFrom(ANY_JOB.ApplicationId, 'b'.repeat(32)), async (value, applicationId) => {
          const jobId = `hostile-${n++}`; // a fresh key, so the isolate's cache holds nothing for it
          const own = { ...ANY_JOB, ApplicationId: applicationId, Id: jobId };
          await env.JOBS.put(`job:${applicationId}:${jobId}`, value === 'matching' ? JSON.stringify(own) : value);
          sent++;
          const response = await handle(new Request(`https://sandbox.test/v1/apps/${applicationId}/jobs/export/${jobId}`));
          const answer = (await response.json()) as Record<string, unknown>;
          if (response.status === 200) expect(answer).toEqual(own);
          else {
            expect(response.status).toBe(500);
            expect(answer.Message).toMatch(new RegExp(`stored fixture for job ${jobId} is invalid`));
          }
          const neighbour = await handle(new Request(`https://sandbox.test/v1/apps/${ANY_JOB.ApplicationId}/jobs/export/${ANY_JOB.Id}`));
          expect(await neighbour.json()).toEqual(ANY_JOB);
          if (response.status === 500)
            expect(logged).toHaveBeenLastCalledWith(expect.stringMatching(`invalid fixture at job:${applicationId}:${jobId}: `));
        }),
        { numRuns: RUNS.kv },
      );
      logged.mockRestore();
    },
    TIMEOUT_MS,
  );
});
