// Behaviour a client sees and that no other spec pinned down: each case here was found by
// mutating the code by hand and seeing the suite stay green. Everything goes through the
// Worker's fetch handler, with the real local KV and the real TenantState Durable Object.
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MessageBodySchema } from '../../src/http/error-bodies';
import { type ExportJobResponse, ExportJobResponseSchema, ExportJobsResponseSchema } from '../../src/jobs/schema';
import { MAX_PAGE_SIZE, PROGRESSION } from '../../src/limits';
import { JournalPageSchema } from '../../src/tenants/schema';
import type { TenantState } from '../../src/tenants/tenant-state';
import { ANY_JOB, seedFixtures, urlOf } from './fixtures';
import { handleWith } from './handle';
import { APP, asTenant, createRequest, DEFINITION, jobsUrl, SEGMENT, segmentJobsUrl } from './tenants';

beforeEach(seedFixtures);

const TENANTS = env.TENANTS as DurableObjectNamespace<TenantState>; // wrangler.toml binds it
const ADMIN = 'https://sandbox.test/_sandbox';
const handle = handleWith();

async function create(headers: Record<string, string>, body: unknown = DEFINITION, via = handle): Promise<ExportJobResponse> {
  const response = await via(createRequest(headers, body));
  expect(response.status, await response.clone().text()).toBe(202);
  return v.parse(ExportJobResponseSchema, await response.json());
}

async function listIds(url: string, headers: Record<string, string>): Promise<string[]> {
  const response = await handle(new Request(url, { headers }));
  expect(response.status, await response.clone().text()).toBe(200);
  return v.parse(ExportJobsResponseSchema, await response.json()).Item.map((job) => job.Id);
}

describe('a tenant polled more often than its TENANT_TTL_S', () => {
  // The Worker hands its clock to the Durable Object with every call; a faked Date makes that
  // clock, and the alarm's, the test's own, so no margin depends on how busy the machine is.
  afterEach(() => vi.useRealTimers());

  it('keeps its jobs for longer than the TTL: each request starts the TTL again, from the last request, not the first', async () => {
    const ttlS = 10;
    const short = handleWith({ TENANT_TTL_S: String(ttlS) });
    const tenant = asTenant('AKIDPOLLED');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 86_400_000 }); // a day ahead: no real alarm is due meanwhile
    const job = await create(tenant, DEFINITION, short);
    for (let second = 4; second <= 3 * ttlS; second += 4) {
      vi.setSystemTime(Date.parse(job.CreationDate) + second * 1000);
      const response = await short(new Request(`${jobsUrl()}/${job.Id}`, { headers: tenant }));
      expect(response.status, `${second} s after creation, ${ttlS} s TTL, polled every 4 s`).toBe(200);
    }
    // The alarm, due TTL after the last request, must not clear the tenant before then either.
    await runDurableObjectAlarm(TENANTS.get(TENANTS.idFromName('AKIDPOLLED/us-east-1')));
    expect((await short(new Request(`${jobsUrl()}/${job.Id}`, { headers: tenant }))).status).toBe(200);
    // And a TTL after that last request, the tenant is gone.
    vi.setSystemTime(Date.now() + ttlS * 1000);
    expect((await short(new Request(`${jobsUrl()}/${job.Id}`, { headers: tenant }))).status).toBe(404);
  });
});

describe('the journal past JOURNAL_MAX_ENTRIES', () => {
  it('counts in evicted every entry it dropped, over several writes, not only the last write’s', async () => {
    const max = 3;
    const small = handleWith({ JOURNAL_MAX_ENTRIES: String(max) });
    const tenant = asTenant('AKIDEVICTED');
    const rounds = 4;
    const perRound = 2 * max;
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < perRound; i++) await small(new Request(`${urlOf(ANY_JOB)}?r=${round}&i=${i}`, { headers: tenant }));
      // A journal read waits for the entries already answered, so each round is a write of its own.
      const last = `?r=${round}&i=${perRound - 1}`;
      const deadline = Date.now() + 10_000;
      let journal = await readJournal(tenant, small);
      while (journal.entries.at(-1)?.query !== last && Date.now() < deadline) journal = await readJournal(tenant, small);
      expect(journal.entries.map((e) => e.query)).toEqual(Array.from({ length: max }, (_, k) => `?r=${round}&i=${perRound - max + k}`));
      expect(journal.evicted, `after round ${round}`).toBe((round + 1) * perRound - max);
    }
  });
});

async function readJournal(headers: Record<string, string>, via: typeof handle) {
  const response = await via(new Request(`${ADMIN}/requests`, { headers }));
  expect(response.status).toBe(200);
  return v.parse(JournalPageSchema, await response.json());
}

describe('GetExportJobs and GetSegmentExportJobs at an x-mock-now', () => {
  it('leave out the jobs created after it, as GetExportJob answers 404 for them, and list them from their creation on', async () => {
    const tenant = asTenant('AKIDLISTEARLY');
    const job = await create(tenant, { ...DEFINITION, SegmentId: SEGMENT });
    const created = Date.parse(job.CreationDate);
    const lists = [jobsUrl(APP, `?page-size=${MAX_PAGE_SIZE}`), segmentJobsUrl(SEGMENT, APP, `?page-size=${MAX_PAGE_SIZE}`)];
    for (const url of lists) {
      expect(await listIds(url, { ...tenant, 'x-mock-now': String(created - 1) }), url).not.toContain(job.Id);
      expect(await listIds(url, { ...tenant, 'x-mock-now': String(created) }), url).toContain(job.Id);
    }
  });
});

describe('CreateExportJob with more than one invalid member', () => {
  it('names the first invalid member of the ExportJobRequest, in its order, and only that one', async () => {
    const tenant = asTenant('AKIDTWOBAD');
    const cases: [unknown, string, string[]][] = [
      [{ RoleArn: 42, S3UrlPrefix: 'https://bucket/x' }, 'RoleArn', ['S3UrlPrefix']],
      [{ S3UrlPrefix: 'https://bucket/x', SegmentId: 'not an id', SegmentVersion: 'x' }, 'RoleArn', ['S3UrlPrefix', 'Segment']],
      [{ ...DEFINITION, SegmentId: 'not an id', SegmentVersion: 1.5 }, 'SegmentId', ['SegmentVersion']],
    ];
    for (const [body, named, unnamed] of cases) {
      const response = await handle(createRequest(tenant, body));
      expect(response.status).toBe(400);
      const { Message = '' } = v.parse(MessageBodySchema, await response.json());
      expect(Message).toMatch(new RegExp(`: ${named} `));
      for (const other of unnamed) expect(Message).not.toContain(other);
    }
  });
});

describe('x-mock-seed', () => {
  const reset = async (headers: Record<string, string>) =>
    expect((await handle(new Request(`${ADMIN}/reset`, { method: 'POST', headers }))).status).toBe(200);
  const draw = async (headers: Record<string, string>, seed: string) => {
    const response = await handle(
      new Request(urlOf(ANY_JOB), {
        headers: { ...headers, 'x-mock-seed': seed, 'x-mock-error': '503', 'x-mock-error-rate': '0.5', 'x-mock-delay': '0-9' },
      }),
    );
    return `${response.status} ${response.headers.get('x-mock-applied')}`;
  };

  it('replays each seed’s own sequence when requests of two seeds interleave', async () => {
    const tenant = asTenant('AKIDTWOSEEDS');
    const length = 12;
    const alone: Record<string, string[]> = {};
    for (const seed of ['left', 'right']) {
      await reset(tenant);
      alone[seed] = [];
      for (let i = 0; i < length; i++) alone[seed].push(await draw(tenant, seed));
    }
    expect(alone.left).not.toEqual(alone.right);
    await reset(tenant);
    const mixed: Record<string, string[]> = { left: [], right: [] };
    for (let i = 0; i < length; i++) for (const seed of ['left', 'right']) mixed[seed]?.push(await draw(tenant, seed));
    expect(mixed).toEqual(alone);
  });
});

describe('x-mock-progression without endpoints', () => {
  it.each([1, 3, 25])(`processes ${PROGRESSION.endpointsPerPiece} endpoints a piece, with pieces=%i`, async (pieces) => {
    const headers = {
      'x-mock-progression': `start=2026-06-01T00:00:00Z; duration=10; outcome=COMPLETED; pieces=${pieces}`,
      'x-mock-now': '2026-06-02T00:00:00Z',
    };
    const response = await handle(new Request(urlOf(ANY_JOB), { headers }));
    expect(response.status).toBe(200);
    const job = v.parse(ExportJobResponseSchema, await response.json());
    expect(job).toMatchObject({ JobStatus: 'COMPLETED', TotalPieces: pieces, TotalProcessed: pieces * PROGRESSION.endpointsPerPiece });
  });
});

describe('CORS on a 429 from the rate limiter', () => {
  // What a browser lets a page read of a cross-origin answer: the CORS-safelisted response
  // headers, and those the answer names in Access-Control-Expose-Headers.
  const SAFELISTED = ['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma'];

  it('exposes Retry-After, and every other header the answer carries, to the page', async () => {
    const limited = handleWith({ RATE_LIMIT: 'on' });
    const headers = { ...asTenant('AKIDCORSBUSY'), origin: 'https://app.example' };
    let response: Response;
    let sent = 0;
    do {
      response = await limited(new Request(urlOf(ANY_JOB), { headers }));
      sent++;
    } while (response.status === 200 && sent < 1000);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').split(',').map((name) => name.trim().toLowerCase());
    const carried = [...response.headers.keys()].filter((name) => !SAFELISTED.includes(name) && !/^access-control-|^vary$/.test(name));
    expect(carried).toContain('retry-after');
    for (const name of carried) expect(exposed, name).toContain(name);
  });
});

describe('CORS on the S3 mount', () => {
  const SAFELISTED = ['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma'];

  it('exposes to the page every header a ranged GetObject answer carries (ETag, Content-Range, x-amz-request-id)', async () => {
    const origin = { origin: 'https://app.example' };
    const listed = await handle(new Request('https://sandbox.test/_s3/acme-pinpoint-exports?list-type=2&max-keys=1', { headers: origin }));
    expect(listed.status, await listed.clone().text()).toBe(200);
    const [, key] = /<Key>([^<]+)<\/Key>/.exec(await listed.text()) ?? [];
    expect(key).toBeTruthy();
    const read = await handle(
      new Request(`https://sandbox.test/_s3/acme-pinpoint-exports/${key}`, { headers: { ...origin, range: 'bytes=0-9' } }),
    );
    expect(read.status).toBe(206);
    const exposed = (read.headers.get('access-control-expose-headers') ?? '').split(',').map((name) => name.trim().toLowerCase());
    const carried = [...read.headers.keys()].filter((name) => !SAFELISTED.includes(name) && !/^access-control-|^vary$/.test(name));
    expect(carried).toEqual(expect.arrayContaining(['etag', 'content-range', 'x-amz-request-id']));
    for (const name of carried) expect(exposed, name).toContain(name);
  });
});
