// The admin API against the real Durable Object: the request journal (contents, redaction,
// bound, concurrency, filters), reset, defaults, attempts counted without amz-sdk-request,
// seeded sequences, and one tenant's admin calls never reaching another's state.

import { env } from 'cloudflare:test';
import * as v from 'valibot';
import { beforeEach, describe, expect, it } from 'vitest';
import { MessageBodySchema } from '../../src/http/error-bodies';
import { ExportJobResponseSchema, ExportJobsResponseSchema } from '../../src/jobs/schema';
import { JOURNAL_BODY_BYTES } from '../../src/limits';
import { type JournalEntry, JournalPageSchema } from '../../src/tenants/schema';
import { jobWithStatus, seedFixtures, urlOf } from './fixtures';
import { handleWith } from './handle';
import { APP, asTenant, createRequest, DEFINITION, jobsUrl, SEGMENT, segmentJobsUrl } from './tenants';

beforeEach(seedFixtures);

const ADMIN = 'https://sandbox.test/_sandbox';
const handle = handleWith();
const FIXTURE = jobWithStatus('FAILED');

async function page(headers: Record<string, string>, query = '', via = handle) {
  const response = await via(new Request(`${ADMIN}/requests${query}`, { headers }));
  expect(response.status, await response.clone().text()).toBe(200);
  return v.parse(JournalPageSchema, await response.json());
}

/** The journal once it holds at least `count` entries: recording happens after each answer.
 *  It waits as long as that takes (a busy machine is slower, not wrong); the test's timeout ends a wait for entries that never come. */
async function journalOf(headers: Record<string, string>, count: number, query = '', via = handle): Promise<JournalEntry[]> {
  for (;;) {
    const { entries } = await page(headers, query, via);
    if (entries.length >= count) return entries;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const admin = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  handle(
    new Request(`${ADMIN}/${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );

async function created(headers: Record<string, string>, extra: Record<string, string> = {}) {
  const response = await handle(createRequest({ ...headers, ...extra }));
  expect(response.status).toBe(202);
  return v.parse(ExportJobResponseSchema, await response.json());
}

describe('the request journal', () => {
  it('records every request of the tenant in arrival order: operation, method, path, query, headers, body, status, error type, applied, time', async () => {
    const tenant = asTenant('AKIDJOURNAL');
    const job = await created(tenant, { 'x-mock-progression': 'duration=60; outcome=FAILED' });
    const sent: [Request, string | null, number, string | null][] = [
      [new Request(urlOf(FIXTURE), { headers: tenant }), 'GetExportJob', 200, null],
      [new Request(`${jobsUrl()}/${job.Id}`, { headers: tenant }), 'GetExportJob', 200, null],
      [new Request(jobsUrl(APP, '?page-size=3'), { headers: tenant }), 'GetExportJobs', 200, null],
      [new Request(segmentJobsUrl(SEGMENT), { headers: tenant }), 'GetSegmentExportJobs', 200, null],
      [new Request(urlOf(FIXTURE), { headers: { ...tenant, 'x-mock-error': '429' } }), 'GetExportJob', 429, 'TooManyRequestsException'],
      [new Request(`${jobsUrl()}/nosuchjob`, { headers: tenant }), 'GetExportJob', 404, 'NotFoundException'],
      [createRequest(tenant, { RoleArn: 'nope' }), 'CreateExportJob', 400, 'BadRequestException'],
      [new Request(urlOf(FIXTURE), { method: 'OPTIONS', headers: { ...tenant, origin: 'https://app.test' } }), null, 200, null],
      [new Request(urlOf(FIXTURE), { method: 'DELETE', headers: tenant }), null, 405, 'MethodNotAllowedException'],
    ];
    for (const [request] of sent) await handle(request);
    const entries = await journalOf(tenant, sent.length + 1);
    expect(entries).toHaveLength(sent.length + 1);
    const [create, ...rest] = entries;
    expect(create).toMatchObject({
      operation: 'CreateExportJob',
      method: 'POST',
      path: `/v1/apps/${APP}/jobs/export`,
      status: 202,
      errorType: null,
    });
    expect(JSON.parse(create?.body ?? '')).toEqual(DEFINITION);
    expect(create?.headers['x-mock-progression']).toBe('duration=60; outcome=FAILED');
    for (const [i, [request, operation, status, errorType]] of sent.entries()) {
      const url = new URL(request.url);
      expect(rest[i]).toMatchObject({ operation, method: request.method, path: url.pathname, query: url.search, status, errorType });
    }
    expect(rest[4]?.applied).toEqual(['error=429']);
    for (const entry of entries) {
      expect(Date.parse(entry.at)).toBeGreaterThan(Date.now() - 60_000);
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('shows, at once, every request answered before the read: it waits for the entries still queued in the isolate', async () => {
    const tenant = asTenant('AKIDREADYOURWRITES');
    for (let i = 0; i < 5; i++) expect((await handle(new Request(urlOf(FIXTURE), { headers: tenant }))).status).toBe(200);
    const { entries } = await page(tenant); // one read, no polling: the five entries are still in the writer's 5 ms batch
    expect(entries.map((e) => e.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('redacts the signature and the security token, and keeps the rest', async () => {
    const tenant = asTenant('AKIDREDACT');
    await handle(
      new Request(urlOf(FIXTURE), { headers: { ...tenant, 'x-amz-security-token': 'secret-session-token', 'x-custom': 'kept' } }),
    );
    const [entry] = await journalOf(tenant, 1);
    const text = JSON.stringify(entry);
    expect(text).not.toContain('0'.repeat(64));
    expect(text).not.toContain('secret-session-token');
    expect(entry?.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDREDACT/20261129/us-east-1/mobiletargeting/aws4_request, SignedHeaders=host;x-amz-date, Signature=<redacted>',
    );
    expect(entry?.headers['x-amz-security-token']).toBe('<redacted>');
    expect(entry?.headers['x-custom']).toBe('kept');
  });

  it(`keeps the first ${JOURNAL_BODY_BYTES} bytes of a body, and says when it cut one`, async () => {
    const tenant = asTenant('AKIDBODY');
    const long = JSON.stringify({ ...DEFINITION, Note: 'x'.repeat(JOURNAL_BODY_BYTES) });
    await handle(createRequest(tenant, long));
    const [entry] = await journalOf(tenant, 1);
    expect(entry?.truncated).toBe(true);
    expect(entry?.body).toBe(long.slice(0, JOURNAL_BODY_BYTES));
  });

  it('drops the oldest entries past JOURNAL_MAX_ENTRIES and counts them in evicted, until it is cleared', async () => {
    const small = handleWith({ JOURNAL_MAX_ENTRIES: '5' });
    const tenant = asTenant('AKIDBOUND');
    for (let i = 0; i < 8; i++) await small(new Request(`${urlOf(FIXTURE)}?n=${i}`, { headers: tenant }));
    await journalOf(tenant, 5, '', small);
    let bounded = await page(tenant, '', small);
    while (bounded.evicted < 3) bounded = await page(tenant, '', small); // the last batches may still be on their way
    expect(bounded.entries.map((e) => e.query)).toEqual(['?n=3', '?n=4', '?n=5', '?n=6', '?n=7']);
    expect(bounded.evicted).toBe(3);
    expect((await admin('DELETE', 'requests', tenant)).status).toBe(200);
    expect(await page(tenant)).toEqual({ entries: [], evicted: 0 });
  });

  it('loses nothing under concurrency: 1,000 requests from 10 concurrent clients of one tenant give 1,000 entries, each once', async () => {
    const tenant = asTenant('AKIDCONCURRENT');
    await Promise.all(
      Array.from({ length: 10 }, async (_, client) => {
        for (let i = 0; i < 100; i++) await handle(new Request(`${urlOf(FIXTURE)}?c=${client}&i=${i}`, { headers: tenant }));
      }),
    );
    const entries = await journalOf(tenant, 1000, '?limit=1000');
    expect(entries).toHaveLength(1000);
    expect(new Set(entries.map((e) => e.query)).size).toBe(1000);
  }, 30_000); // over HTTP, against wrangler dev: test/clients/journal.spec.ts

  it('filters by operation, status and since, and pages by limit', async () => {
    const tenant = asTenant('AKIDFILTER');
    await handle(new Request(urlOf(FIXTURE), { headers: tenant }));
    await handle(new Request(urlOf(FIXTURE), { headers: { ...tenant, 'x-mock-error': '503' } }));
    await handle(new Request(jobsUrl(), { headers: tenant }));
    await journalOf(tenant, 3);
    expect((await page(tenant, '?operation=GetExportJobs')).entries.map((e) => e.operation)).toEqual(['GetExportJobs']);
    expect((await page(tenant, '?status=503')).entries.map((e) => e.status)).toEqual([503]);
    expect((await page(tenant, '?limit=2')).entries).toHaveLength(2);
    expect((await page(tenant, `?since=${Date.now() + 60_000}`)).entries).toEqual([]);
    for (const [query, name] of [
      ['?limit=0', 'limit'],
      ['?limit=1001', 'limit'],
      ['?since=yesterday', 'since'],
      ['?operation=DeleteExportJob', 'operation'],
      ['?status=ok', 'status'],
      ['?colour=red', 'colour'],
    ]) {
      const response = await handle(new Request(`${ADMIN}/requests${query}`, { headers: tenant }));
      expect(response.status, query).toBe(400);
      expect(v.parse(MessageBodySchema, await response.json()).Message).toContain(name);
    }
  });

  it('is off with JOURNAL off', async () => {
    const off = handleWith({ JOURNAL: 'off' });
    const tenant = asTenant('AKIDOFF');
    await off(new Request(urlOf(FIXTURE), { headers: tenant }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await page(tenant)).entries).toEqual([]);
  });

  // Read-your-writes across isolates costs the journal one call per batch before its first answer
  // (tenants/journal-writer.ts announces the batch); with the journal off, a GET calls no Durable Object.
  it.each([
    ['off', []],
    ['on', ['announce']],
  ])("with JOURNAL %s, a fixture GET's calls to Durable Objects before its answer: %j", async (journal, before) => {
    const called: string[] = [];
    const counted = (stub: object) =>
      new Proxy(stub, {
        get: (target, name) => {
          called.push(String(name));
          return Reflect.get(target, name);
        },
      });
    const namespace = new Proxy(env.TENANTS, {
      get: (target, name) => {
        const value = Reflect.get(target, name);
        return typeof value === 'function' ? (...args: unknown[]) => counted(value.apply(target, args)) : value;
      },
    });
    const via = handleWith({ JOURNAL: journal, TENANTS: namespace });
    const answer = await via(new Request(urlOf(FIXTURE), { headers: asTenant(`AKIDREACH${journal.toUpperCase()}`) }));
    expect(answer.status).toBe(200);
    expect(called.filter((name) => name !== 'then')).toEqual(before);
  });
});

describe('tenants and the admin API', () => {
  it("never let tenant B read or clear A's journal, or reset A's jobs", async () => {
    const a = asTenant('AKIDADMINA');
    const b = asTenant('AKIDADMINB');
    const job = await created(a);
    await journalOf(a, 1);
    expect((await page(b)).entries).toEqual([]);
    expect((await admin('DELETE', 'requests', b)).status).toBe(200);
    expect((await admin('POST', 'reset', b)).status).toBe(200);
    expect((await admin('PUT', 'defaults', b, { outcome: 'CANCELLED' })).status).toBe(200);
    expect(await (await admin('GET', 'defaults', a)).json()).toEqual({});
    expect((await page(a)).entries).toHaveLength(1);
    expect((await handle(new Request(`${jobsUrl()}/${job.Id}`, { headers: a }))).status).toBe(200);
  });

  // A request's entry is written just after its answer; one answered before a reset or a clear
  // must not arrive in the journal that follows it.
  it.each([
    ['POST', 'reset'],
    ['DELETE', 'requests'],
  ])('%s %s leaves no entry of a request answered before it', async (method, path) => {
    const tenant = asTenant(`AKIDSETTLED${method}`);
    await created(tenant); // its entry queued, not yet written
    expect((await admin(method, path, tenant)).status).toBe(200);
    expect((await page(tenant)).entries).toEqual([]);
  });

  it('reset clears created jobs, the journal, sequences and defaults in one step', async () => {
    const tenant = asTenant('AKIDRESET');
    await admin('PUT', 'defaults', tenant, { outcome: 'FAILED' });
    const job = await created(tenant);
    await journalOf(tenant, 1);
    const reset = await admin('POST', 'reset', tenant);
    expect(await reset.json()).toEqual({ reset: true, tenant: 'AKIDRESET/us-east-1' });
    expect((await handle(new Request(`${jobsUrl()}/${job.Id}`, { headers: tenant }))).status).toBe(404);
    const listed = v.parse(ExportJobsResponseSchema, await (await handle(new Request(jobsUrl('resetapp'), { headers: tenant }))).json());
    expect(listed.Item).toEqual([]);
    expect(await (await admin('GET', 'defaults', tenant)).json()).toEqual({});
  });
});

describe('which tenant an admin answer read', () => {
  // An unsigned call reads the shared anonymous tenant: its answer says so, rather than
  // looking like the caller's own empty journal.
  it.each([
    ['GET', 'requests'],
    ['DELETE', 'requests'],
    ['POST', 'reset'],
    ['GET', 'defaults'],
    ['PUT', 'defaults'],
  ])('%s %s names it in x-sandbox-tenant, signed or not', async (method, path) => {
    const body = method === 'PUT' ? {} : undefined;
    const signed = await admin(method, path, asTenant('AKIDWHO', 'eu-west-1'), body);
    expect(signed.status).toBe(200);
    expect(signed.headers.get('x-sandbox-tenant')).toBe('AKIDWHO/eu-west-1');
    const unsigned = await admin(method, path, {}, body);
    expect(unsigned.status).toBe(200);
    expect(unsigned.headers.get('x-sandbox-tenant')).toBe('anonymous');
  });
});

describe('defaults', () => {
  it('set the life of jobs created without x-mock-progression; the header wins over them', async () => {
    const tenant = asTenant('AKIDDEFAULTS');
    const put = await admin('PUT', 'defaults', tenant, { durationS: 2, outcome: 'FAILED', pieces: 4 });
    expect(await put.json()).toEqual({ durationS: 2, outcome: 'FAILED', pieces: 4 });
    expect(await (await admin('GET', 'defaults', tenant)).json()).toEqual({ durationS: 2, outcome: 'FAILED', pieces: 4 });
    const job = await created(tenant);
    const end = { ...tenant, 'x-mock-now': String(Date.parse(job.CreationDate) + 2000) };
    const ended = v.parse(ExportJobResponseSchema, await (await handle(new Request(`${jobsUrl()}/${job.Id}`, { headers: end }))).json());
    expect(ended).toMatchObject({ JobStatus: 'FAILED', TotalPieces: 4, TotalProcessed: 400 });
    const own = await created(tenant, { 'x-mock-progression': 'duration=1; outcome=CANCELLED' });
    const at = { ...tenant, 'x-mock-now': String(Date.parse(own.CreationDate) + 1000) };
    expect((await (await handle(new Request(`${jobsUrl()}/${own.Id}`, { headers: at }))).json()) as object).toMatchObject({
      JobStatus: 'CANCELLED',
    });
    expect((await admin('PUT', 'defaults', tenant, {})).status).toBe(200);
    expect(await (await admin('GET', 'defaults', tenant)).json()).toEqual({});
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['an array', [], /must be a JSON object/],
    ['an unknown member', { colour: 'red' }, /colour is not a default/],
    ['start', { start: 0 }, /start is not a default/],
    ['a bad outcome', { outcome: 'DONE' }, /outcome must be one of COMPLETED, FAILED, CANCELLED/],
    ['a negative duration', { durationS: -1 }, /durationS must be 0 or more/],
    ['the duration by another name', { duration: 5 }, /duration is not a default/],
    ['a duration as text', { durationS: '5' }, /durationS must be a number/],
    ['fractional pieces', { pieces: 1.5 }, /pieces must be a whole number/],
    ['too many pieces', { pieces: 10_001 }, /pieces must be at most 10000/],
  ])('refuse %s with a 400 naming the member', async (_, body, message) => {
    const response = await admin('PUT', 'defaults', asTenant('AKIDBADDEFAULTS'), body);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-ErrorType')).toBe('BadRequestException');
    expect(v.parse(MessageBodySchema, await response.json()).Message).toMatch(message);
  });
});

describe('attempts, for clients that send no amz-sdk-request', () => {
  it('are counted by the tenant: a plain retry loop fails n times, then succeeds, and the next call starts over', async () => {
    const tenant = asTenant('AKIDATTEMPTS');
    const headers = { ...tenant, 'x-mock-error': '503', 'x-mock-error-attempts': '2' };
    const retryLoop = async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        const response = await handle(new Request(urlOf(FIXTURE), { headers }));
        statuses.push(response.status);
        if (response.status === 200) break;
      }
      return statuses;
    };
    expect(await retryLoop()).toEqual([503, 503, 200]);
    expect(await retryLoop()).toEqual([503, 503, 200]);
  });

  it('are per call: another path or other harness headers count on their own', async () => {
    const tenant = asTenant('AKIDATTEMPTS2');
    const one = { ...tenant, 'x-mock-error': '503', 'x-mock-error-attempts': '1' };
    expect((await handle(new Request(urlOf(FIXTURE), { headers: one }))).status).toBe(503);
    expect((await handle(new Request(urlOf(jobWithStatus('CREATED')), { headers: one }))).status).toBe(503);
    expect((await handle(new Request(urlOf(FIXTURE), { headers: { ...one, 'x-mock-error-message': 'other' } }))).status).toBe(503);
    expect((await handle(new Request(urlOf(FIXTURE), { headers: one }))).status).toBe(200);
  });
});
