// CreateExportJob, GetExportJob of created jobs, GetExportJobs and GetSegmentExportJobs,
// through the Worker, against real local KV and the real TenantState Durable Object.
import { env, listDurableObjectIds, runDurableObjectAlarm, SELF } from 'cloudflare:test';
import * as v from 'valibot';
import { beforeEach, describe, expect, it } from 'vitest';
import { MessageBodySchema } from '../../src/http/error-bodies';
import { type ExportJobResponse, ExportJobResponseSchema, ExportJobsResponseSchema } from '../../src/jobs/schema';
import {
  DEFAULT_CREATED_LIFE,
  DEFAULT_JOURNAL_MAX_ENTRIES,
  DEFAULT_PAGE_SIZE,
  DEFAULT_TENANT_MAX_JOBS,
  DEFAULT_TENANT_TTL_S,
  MAX_BODY_BYTES,
  MAX_PAGE_SIZE,
} from '../../src/limits';
import type { Bounds, TenantState } from '../../src/tenants/tenant-state';
import { JOBS, seedFixtures, urlOf } from './fixtures';
import { handleWith } from './handle';
import { APP, asTenant, createRequest, DEFINITION, jobsUrl, SEGMENT, segmentJobsUrl } from './tenants';

beforeEach(seedFixtures);

const TENANTS = env.TENANTS as DurableObjectNamespace<TenantState>; // wrangler.toml binds it

const handle = handleWith();
const jobUrl = (id: string, app = APP) => `${jobsUrl(app)}/${id}`;

async function create(headers: Record<string, string>, body: unknown = DEFINITION, app = APP, via = handle) {
  const response = await via(createRequest(headers, body, app));
  expect(response.status, await response.clone().text()).toBe(202);
  return v.parse(ExportJobResponseSchema, await response.json());
}

async function get(id: string, headers: Record<string, string>, app = APP) {
  return handle(new Request(jobUrl(id, app), { headers }));
}

async function readJob(id: string, headers: Record<string, string>, app = APP): Promise<ExportJobResponse> {
  const response = await get(id, headers, app);
  expect(response.status).toBe(200);
  return v.parse(ExportJobResponseSchema, await response.json());
}

/** Every job of a listing, following NextToken from the first page to the last; `between` runs after each page. */
async function listAll(url: (query: string) => string, headers: Record<string, string>, pageSize: number, between = async () => {}) {
  const seen: ExportJobResponse[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const query = `?page-size=${pageSize}${token ? `&token=${encodeURIComponent(token)}` : ''}`;
    const response = await handle(new Request(url(query), { headers }));
    expect(response.status, await response.clone().text()).toBe(200);
    const body = v.parse(ExportJobsResponseSchema, await response.json());
    expect(body.Item.length).toBeLessThanOrEqual(pageSize);
    if (body.NextToken) expect(body.Item).toHaveLength(pageSize);
    seen.push(...body.Item);
    token = body.NextToken;
    pages++;
    await between();
  } while (token);
  return { seen, pages };
}

async function expectError(response: Response, status: number, type: string, message?: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get('x-amzn-ErrorType')).toBe(type);
  const body = v.parse(MessageBodySchema, await response.json());
  expect(body.RequestID).toBe(response.headers.get('x-amzn-RequestId'));
  if (message) expect(body.Message).toMatch(message);
}

/** How many jobs the tenant of `keyId` has created in APP, as its listing shows them. */
async function count(keyId: string): Promise<number> {
  const seeded = new Set(JOBS.map((job) => job.Id));
  const { seen } = await listAll((query) => jobsUrl(APP, query), asTenant(keyId), MAX_PAGE_SIZE);
  return seen.filter((job) => !seeded.has(job.Id)).length;
}

describe('CreateExportJob', () => {
  it('answers 202 with the new job: a fresh 32-hex Id, CREATED, EXPORT, created now, the Definition as sent less unknown members', async () => {
    const before = Date.now();
    const response = await handle(
      createRequest(asTenant('AKIDCREATE'), { ...DEFINITION, SegmentId: SEGMENT, SegmentVersion: 2, Colour: 'red' }),
    );
    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-amzn-RequestId')).toBeTruthy();
    const job = v.parse(ExportJobResponseSchema, await response.json());
    expect(job.Id).toMatch(/^[0-9a-f]{32}$/);
    expect(job).toEqual({
      ApplicationId: APP,
      Id: job.Id,
      JobStatus: 'CREATED',
      CreationDate: job.CreationDate,
      Type: 'EXPORT',
      Definition: { ...DEFINITION, SegmentId: SEGMENT, SegmentVersion: 2 },
    });
    expect(Date.parse(job.CreationDate)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(job.CreationDate)).toBeLessThanOrEqual(Date.now());
    const other = await create(asTenant('AKIDCREATE'));
    expect(other.Id).not.toBe(job.Id);
  });

  it.each([
    ['not JSON', '{"RoleArn":', /not valid JSON/],
    ['an array', [DEFINITION], /must be a JSON object/],
    ['null', 'null', /must be a JSON object/],
    ['a string', '"export"', /must be a JSON object/],
    ['RoleArn missing', { S3UrlPrefix: DEFINITION.S3UrlPrefix }, /RoleArn is required/],
    ['S3UrlPrefix missing', { RoleArn: DEFINITION.RoleArn }, /S3UrlPrefix is required/],
    ['RoleArn not a string', { ...DEFINITION, RoleArn: 42 }, /RoleArn must be a string/],
    ['S3UrlPrefix not a string', { ...DEFINITION, S3UrlPrefix: ['s3://a/'] }, /S3UrlPrefix must be a string/],
    ['RoleArn not a role ARN', { ...DEFINITION, RoleArn: 'arn:aws:iam::123:user/x' }, /RoleArn must be an IAM role ARN/],
    ['RoleArn of an S3 bucket', { ...DEFINITION, RoleArn: 'arn:aws:s3:::bucket' }, /RoleArn must be an IAM role ARN/],
    ['S3UrlPrefix not s3://', { ...DEFINITION, S3UrlPrefix: 'https://bucket/x' }, /S3UrlPrefix must be an S3 URL/],
    ['S3UrlPrefix without a bucket', { ...DEFINITION, S3UrlPrefix: 's3://' }, /S3UrlPrefix must be an S3 URL/],
    ['SegmentVersion a string', { ...DEFINITION, SegmentVersion: '3' }, /SegmentVersion must be an integer/],
    ['SegmentVersion a fraction', { ...DEFINITION, SegmentVersion: 1.5 }, /SegmentVersion must be an integer/],
    ['SegmentId not a string', { ...DEFINITION, SegmentId: 7 }, /SegmentId must be a string/],
    ['SegmentId not an id', { ...DEFINITION, SegmentId: 'my segment' }, /SegmentId must be 1 to 64 characters/],
  ])('refuses a body that is %s with a 400 naming the member and the rule, and creates nothing', async (_, body, message) => {
    const tenant = 'AKIDBADBODY';
    await expectError(await handle(createRequest(asTenant(tenant), body)), 400, 'BadRequestException', message);
    expect(await count(tenant)).toBe(0);
  });

  it('accepts S3UrlPrefix with or without a trailing slash, and with no prefix at all', async () => {
    for (const S3UrlPrefix of ['s3://exports', 's3://exports/', 's3://exports/a/b', 's3://exports/a/b/']) {
      expect((await create(asTenant('AKIDS3'), { ...DEFINITION, S3UrlPrefix })).Definition.S3UrlPrefix).toBe(S3UrlPrefix);
    }
  });

  it('refuses a body over 10 MiB with a 413, counted as it streams, and creates nothing', async () => {
    let left = MAX_BODY_BYTES + 1;
    const body = new ReadableStream({
      pull(controller) {
        const size = Math.min(left, 64 * 1024);
        if (size === 0) return controller.close();
        left -= size;
        controller.enqueue(new Uint8Array(size).fill(32));
      },
    });
    const request = new Request(jobsUrl(), { method: 'POST', headers: asTenant('AKIDBIG'), body, duplex: 'half' } as RequestInit);
    await expectError(await SELF.fetch(request), 413, 'PayloadTooLargeException');
    expect(await count('AKIDBIG')).toBe(0);
  });

  it('creates nothing when an error is injected, so a retry after an injected 5xx leaves exactly one job', async () => {
    const tenant = asTenant('AKIDRETRY');
    const headers = { ...tenant, 'x-mock-error': '503', 'x-mock-error-attempts': '1' };
    const first = await handle(createRequest({ ...headers, 'amz-sdk-request': 'attempt=1; max=3' }));
    expect(first.status).toBe(503);
    expect(await count('AKIDRETRY')).toBe(0);
    const retry = await handle(createRequest({ ...headers, 'amz-sdk-request': 'attempt=2; max=3' }));
    expect(retry.status).toBe(202);
    expect(retry.headers.get('x-mock-applied')).toBe('error=503 skipped; attempt=2/1');
    expect(await count('AKIDRETRY')).toBe(1);
  });

  it.each([
    ['with a start', 'start=2026-01-01T00:00:00Z; duration=10; outcome=FAILED', /no start on CreateExportJob/],
    ['malformed', 'duration=soon; outcome=FAILED', /Invalid x-mock-progression header/],
  ])('refuses x-mock-progression %s with a 400 naming the header, and creates nothing', async (_, value, message) => {
    await expectError(
      await handle(createRequest({ ...asTenant('AKIDBADLIFE'), 'x-mock-progression': value })),
      400,
      'BadRequestException',
      message,
    );
    expect(await count('AKIDBADLIFE')).toBe(0);
  });

  it('answers 429 naming the bound once the tenant holds TENANT_MAX_JOBS jobs, and stores no more; after a reset, takes as many again', async () => {
    const bounded = handleWith({ TENANT_MAX_JOBS: '3' });
    const fill = async () => {
      for (let i = 0; i < 3; i++) await create(asTenant('AKIDFULL'), DEFINITION, APP, bounded);
      await expectError(
        await bounded(createRequest(asTenant('AKIDFULL'))),
        429,
        'TooManyRequestsException',
        /holds 3 export jobs.*TENANT_MAX_JOBS/,
      );
      expect(await count('AKIDFULL')).toBe(3);
    };
    await fill();
    const reset = await bounded(new Request('https://sandbox.test/_sandbox/reset', { method: 'POST', headers: asTenant('AKIDFULL') }));
    expect(reset.status).toBe(200);
    expect(await count('AKIDFULL')).toBe(0);
    await fill(); // the bound counts the jobs held now, not those before the reset
  });
});

describe('GetExportJob of a created job', () => {
  const at = (job: ExportJobResponse, seconds: number) => ({ 'x-mock-now': String(Date.parse(job.CreationDate) + seconds * 1000) });

  it('follows the default life: CREATED at creation, through the intermediate statuses, COMPLETED exactly at its end', async () => {
    const tenant = asTenant('AKIDDEFAULT');
    const job = await create(tenant);
    const end = DEFAULT_CREATED_LIFE.durationMs / 1000;
    const seen = [];
    for (const share of [0, 0.07, 0.15, 0.5, 0.95, 1]) seen.push((await readJob(job.Id, { ...tenant, ...at(job, end * share) })).JobStatus);
    expect([...new Set(seen)]).toEqual([
      'CREATED',
      'PREPARING_FOR_INITIALIZATION',
      'INITIALIZING',
      'PROCESSING',
      'COMPLETING',
      'COMPLETED',
    ]);
    const before = await readJob(job.Id, {
      ...tenant,
      'x-mock-now': String(Date.parse(job.CreationDate) + DEFAULT_CREATED_LIFE.durationMs - 1),
    });
    expect(before.JobStatus).toBe('COMPLETING');
    expect(before.CompletionDate).toBeUndefined();
    const ended = await readJob(job.Id, { ...tenant, ...at(job, end) });
    expect(ended).toMatchObject({ JobStatus: 'COMPLETED', CompletedPieces: 10, TotalPieces: 10, Definition: DEFINITION, Id: job.Id });
    expect(ended.CompletionDate).toBe(new Date(Date.parse(job.CreationDate) + DEFAULT_CREATED_LIFE.durationMs).toISOString());
  });

  it('takes the life x-mock-progression gave at creation: FAILED with Failures, counters never decreasing', async () => {
    const tenant = asTenant('AKIDLIFE');
    const job = await create({ ...tenant, 'x-mock-progression': 'duration=100; outcome=FAILED; pieces=5; endpoints=50' });
    let last = { CompletedPieces: 0, FailedPieces: 0, TotalProcessed: 0, TotalFailures: 0 };
    for (let second = 0; second <= 100; second += 5) {
      const now = await readJob(job.Id, { ...tenant, ...at(job, second) });
      for (const field of Object.keys(last) as (keyof typeof last)[]) expect(now[field] ?? 0).toBeGreaterThanOrEqual(last[field]);
      last = {
        CompletedPieces: now.CompletedPieces ?? 0,
        FailedPieces: now.FailedPieces ?? 0,
        TotalProcessed: now.TotalProcessed ?? 0,
        TotalFailures: now.TotalFailures ?? 0,
      };
      expect(now.CompletionDate === undefined).toBe(second < 100);
    }
    const failed = await readJob(job.Id, { ...tenant, ...at(job, 100) });
    expect(failed).toMatchObject({ JobStatus: 'FAILED', TotalPieces: 5, FailedPieces: 1, CompletedPieces: 4, TotalProcessed: 50 });
    expect(failed.Failures?.length).toBe(failed.TotalFailures);
  });

  it('progresses in real time', async () => {
    const tenant = asTenant('AKIDREALTIME');
    const job = await create({ ...tenant, 'x-mock-progression': 'duration=0.3; outcome=CANCELLED' });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await readJob(job.Id, tenant)).JobStatus).toBe('CANCELLED');
  });

  it('is not there before its creation at an earlier x-mock-now, and says nothing of its own life in x-mock-applied', async () => {
    const tenant = asTenant('AKIDEARLY');
    const job = await create(tenant);
    const early = await get(job.Id, { ...tenant, ...at(job, -1) });
    await expectError(early, 404, 'NotFoundException');
    const plain = await get(job.Id, tenant);
    expect(plain.headers.get('x-mock-applied')).toBe('none');
  });

  it('takes x-mock-error, x-mock-delay and x-mock-fault as a fixture does', async () => {
    const tenant = asTenant('AKIDHARNESS');
    const job = await create(tenant);
    expect((await get(job.Id, { ...tenant, 'x-mock-error': '429' })).status).toBe(429);
    const slow = await get(job.Id, { ...tenant, 'x-mock-delay': '20' });
    expect(slow.headers.get('x-mock-applied')).toBe('delay=20ms');
    const broken = await get(job.Id, { ...tenant, 'x-mock-fault': 'empty-body' });
    expect([broken.status, await broken.text()]).toEqual([200, '']);
  });
});

describe('tenants', () => {
  it('keep their jobs apart: another access key, or the same key in another region, neither sees nor lists them', async () => {
    const owner = asTenant('AKIDOWNER', 'us-east-1');
    const job = await create(owner);
    expect((await readJob(job.Id, owner)).Id).toBe(job.Id);
    for (const stranger of [asTenant('AKIDSTRANGER', 'us-east-1'), asTenant('AKIDOWNER', 'eu-west-1'), {}]) {
      await expectError(await get(job.Id, stranger), 404, 'NotFoundException');
      const { seen } = await listAll((q) => jobsUrl(APP, q), stranger, MAX_PAGE_SIZE);
      expect(seen.map((j) => j.Id)).not.toContain(job.Id);
    }
  });

  it('share one anonymous tenant among unsigned callers', async () => {
    const job = await create({});
    expect((await readJob(job.Id, {})).Id).toBe(job.Id);
  });

  it('never touch a Durable Object to answer a fixture GET (the journal, when on, records it afterwards)', async () => {
    const tenant = asTenant('AKIDFIXTUREONLY');
    const unjournaled = handleWith({ JOURNAL: 'off' });
    for (const fixture of JOBS) expect((await unjournaled(new Request(urlOf(fixture), { headers: tenant }))).status).toBe(200);
    const ids = await listDurableObjectIds(TENANTS);
    expect(ids.map((id) => id.toString())).not.toContain(TENANTS.idFromName('AKIDFIXTUREONLY/us-east-1').toString());
  });

  it('hold 100 jobs created in parallel across 4 tenants: each lists exactly its own, none lost, none twice', async () => {
    const tenants = ['AKIDPAR1', 'AKIDPAR2', 'AKIDPAR3', 'AKIDPAR4'];
    const app = 'parallelapp';
    const created = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const keyId = tenants[i % 4] as string;
        return { keyId, job: await create(asTenant(keyId), DEFINITION, app) };
      }),
    );
    for (const keyId of tenants) {
      const { seen } = await listAll((q) => jobsUrl(app, q), asTenant(keyId), 7);
      const mine = created.filter((c) => c.keyId === keyId).map((c) => c.job.Id);
      expect(seen.map((j) => j.Id).sort()).toEqual(mine.sort());
    }
  });
});

describe('expiry', () => {
  it('clears a tenant through its alarm once TENANT_TTL_S has passed since its last request', async () => {
    const short = handleWith({ TENANT_TTL_S: '1' });
    const tenant = asTenant('AKIDEXPIRE');
    const job = await create(tenant, DEFINITION, APP, short);
    const state = TENANTS.get(TENANTS.idFromName('AKIDEXPIRE/us-east-1'));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await runDurableObjectAlarm(state);
    expect(await count('AKIDEXPIRE')).toBe(0);
    await expectError(await get(job.Id, tenant), 404, 'NotFoundException');
  });

  it('clears an expired tenant on its next request too, when no alarm ran', async () => {
    const tenant = asTenant('AKIDEXPIREREAD');
    const job = await create(tenant); // TENANT_TTL_S is a day: no alarm comes due during the test
    expect((await get(job.Id, tenant)).status).toBe(200);
    // The tenant's next call, as the Worker makes it once TENANT_TTL_S has passed since the last:
    // the object is given the time, so that no clock has to run out between two requests.
    const state = TENANTS.get(TENANTS.idFromName('AKIDEXPIREREAD/us-east-1'));
    const dayLater: Bounds = {
      calledAtMs: Date.now() + DEFAULT_TENANT_TTL_S * 1000,
      ttlMs: DEFAULT_TENANT_TTL_S * 1000,
      maxJobs: DEFAULT_TENANT_MAX_JOBS,
      maxJournal: DEFAULT_JOURNAL_MAX_ENTRIES,
    };
    expect(await state.find(APP, job.Id, dayLater)).toBeNull();
    await expectError(await get(job.Id, tenant), 404, 'NotFoundException');
  });
});

describe('GetExportJobs and GetSegmentExportJobs', () => {
  const seededOf = (segment?: string) => JOBS.filter((j) => j.ApplicationId === APP && (!segment || j.Definition.SegmentId === segment));
  const order = (jobs: ExportJobResponse[]) =>
    [...jobs].sort((a, b) => Date.parse(b.CreationDate) - Date.parse(a.CreationDate) || (a.Id < b.Id ? 1 : -1)).map((j) => j.Id);

  it('list the seeded jobs and the caller’s created ones, newest first, each exactly once across pages, even while jobs are created', async () => {
    const tenant = asTenant('AKIDLIST');
    const made: ExportJobResponse[] = [];
    for (let i = 0; i < 5; i++) made.push(await create(tenant));
    const expected = order([...seededOf(), ...made]);
    const { seen, pages } = await listAll(
      (q) => jobsUrl(APP, q),
      tenant,
      4,
      async () => void made.push(await create(tenant)),
    );
    expect(pages).toBe(Math.ceil(expected.length / 4));
    expect(seen.map((j) => j.Id)).toEqual(expected);
    expect(new Set(seen.map((j) => j.Id)).size).toBe(seen.length);
  });

  it('show each created job as it stands now', async () => {
    const tenant = asTenant('AKIDLISTNOW');
    const job = await create({ ...tenant, 'x-mock-progression': 'duration=100; outcome=FAILED' });
    const at = (seconds: number) => String(Date.parse(job.CreationDate) + seconds * 1000);
    for (const [seconds, status] of [
      [50, 'PROCESSING'],
      [100, 'FAILED'],
    ] as const) {
      const response = await handle(
        new Request(jobsUrl(APP, `?page-size=${MAX_PAGE_SIZE}`), { headers: { ...tenant, 'x-mock-now': at(seconds) } }),
      );
      const body = v.parse(ExportJobsResponseSchema, await response.json());
      expect(body.Item.find((j) => j.Id === job.Id)?.JobStatus).toBe(status);
    }
  });

  it(`default to ${DEFAULT_PAGE_SIZE} a page, and omit NextToken on the last page`, async () => {
    const tenant = asTenant('AKIDDEFAULTPAGE');
    for (let i = 0; i < DEFAULT_PAGE_SIZE; i++) await create(tenant);
    const first = v.parse(ExportJobsResponseSchema, await (await handle(new Request(jobsUrl(), { headers: tenant }))).json());
    expect(first.Item).toHaveLength(DEFAULT_PAGE_SIZE);
    expect(first.NextToken).toBeDefined();
    const empty = v.parse(ExportJobsResponseSchema, await (await handle(new Request(jobsUrl('noseededjobs'), { headers: tenant }))).json());
    expect(empty).toEqual({ Item: [] });
  });

  it('list only the jobs of the segment', async () => {
    const tenant = asTenant('AKIDSEGMENT');
    const inSegment = await create(tenant, { ...DEFINITION, SegmentId: SEGMENT });
    const elsewhere = await create(tenant, { ...DEFINITION, SegmentId: 'othersegment' });
    const { seen } = await listAll((q) => segmentJobsUrl(SEGMENT, APP, q), tenant, 3);
    expect(seen.map((j) => j.Id)).toEqual(order([...seededOf(SEGMENT), inSegment]));
    expect(seen.map((j) => j.Id)).not.toContain(elsewhere.Id);
  });

  it.each(['abc', '0', String(MAX_PAGE_SIZE + 1), '-1', '1.5', '', ' 5'])('refuses page-size=%s with a 400', async (size) => {
    await expectError(
      await handle(new Request(jobsUrl(APP, `?page-size=${encodeURIComponent(size)}`))),
      400,
      'BadRequestException',
      /page-size/,
    );
  });

  it('refuses a token it did not issue for this listing: made up, edited, another application’s, another segment’s, another tenant’s', async () => {
    const tenant = asTenant('AKIDTOKENS');
    const first = v.parse(
      ExportJobsResponseSchema,
      await (await handle(new Request(jobsUrl(APP, '?page-size=2'), { headers: tenant }))).json(),
    );
    const token = first.NextToken as string;
    const segmentToken = v.parse(
      ExportJobsResponseSchema,
      await (await handle(new Request(segmentJobsUrl(SEGMENT, APP, '?page-size=2'), { headers: tenant }))).json(),
    ).NextToken as string;
    const refused: [string, string, Record<string, string>][] = [
      [jobsUrl(APP, '?token=garbage'), 'made up', tenant],
      [jobsUrl(APP, `?token=${encodeURIComponent(`${token.slice(0, -1)}0`)}`), 'edited', tenant],
      [jobsUrl('otherapp', `?token=${encodeURIComponent(token)}`), 'another application', tenant],
      [jobsUrl(APP, `?token=${encodeURIComponent(segmentToken)}`), 'another segment', tenant],
      [jobsUrl(APP, `?token=${encodeURIComponent(token)}`), 'another tenant', asTenant('AKIDOTHERTOKENS')],
    ];
    for (const [url, why, headers] of refused) {
      const response = await handle(new Request(url, { headers }));
      expect(response.status, why).toBe(400);
      expect(await response.text(), why).toMatch(/Invalid token/);
    }
    expect((await handle(new Request(jobsUrl(APP, `?page-size=2&token=${encodeURIComponent(token)}`), { headers: tenant }))).status).toBe(
      200,
    );
  });

  it('refuses x-mock-progression, which has no meaning for a list', async () => {
    await expectError(
      await handle(new Request(jobsUrl(), { headers: { 'x-mock-progression': 'start=0; duration=1; outcome=FAILED' } })),
      400,
      'BadRequestException',
      /x-mock-progression/,
    );
  });
});
