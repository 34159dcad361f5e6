// The harness headers end to end, through the Worker, against real local KV.
import { SELF } from 'cloudflare:test';
import * as v from 'valibot';
import { beforeEach, describe, expect, it } from 'vitest';
import { HARNESS_HEADER_NAMES } from '../../src/harness/parse';
import { MessageBodySchema } from '../../src/http/error-bodies';
import { ERROR_CATALOGUE, ERROR_NAMES } from '../../src/http/errors';
import { ExportJobResponseSchema } from '../../src/jobs/schema';
import { ANY_JOB, jobUrl, seedFixtures, urlOf } from './fixtures';

beforeEach(seedFixtures);

const get = (headers: Record<string, string>, url = urlOf(ANY_JOB)) => SELF.fetch(url, { headers });
const START = '2026-06-01T00:00:00.000Z';
const progression = (outcome = 'COMPLETED', extra = '') => `start=${START}; duration=100; outcome=${outcome}${extra}`;
const readJob = async (response: Promise<Response>) => v.parse(ExportJobResponseSchema, await (await response).json());
const reset = async () => expect((await SELF.fetch('https://sandbox.test/_sandbox/reset', { method: 'POST' })).status).toBe(200);
const at = (seconds: number) => new Date(Date.parse(START) + seconds * 1000).toISOString();

describe('x-mock-error and Prefer', () => {
  it.each(ERROR_NAMES)('injects %s in the shape and headers of a real one', async (name) => {
    const { status, gateway } = ERROR_CATALOGUE[name];
    for (const value of [String(status), name]) {
      const response = await get({ 'x-mock-error': value });
      expect(response.status).toBe(status);
      expect(response.headers.get('x-amzn-ErrorType')).toBe(name);
      expect(response.headers.get('x-mock-applied')).toBe(`error=${status}`);
      const requestId = response.headers.get('x-amzn-RequestId');
      const body = await response.json();
      if (gateway) expect(body).toEqual({ message: ERROR_CATALOGUE[name].message });
      else expect(v.parse(MessageBodySchema, body)).toEqual({ RequestID: requestId, Message: ERROR_CATALOGUE[name].message });
    }
  });

  it('needs no job to inject an error', async () => {
    const response = await get({ 'x-mock-error': '403' }, jobUrl('nosuchapp', 'nosuchjob'));
    expect(response.status).toBe(403);
  });

  it('sets the Message with x-mock-error-message', async () => {
    const response = await get({ 'x-mock-error': '429', 'x-mock-error-message': 'Rate exceeded' });
    expect(await response.json()).toMatchObject({ Message: 'Rate exceeded' });
  });

  it('takes Prefer: code=<status> as an alias', async () => {
    const response = await get({ prefer: 'code=404' });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-ErrorType')).toBe('NotFoundException');
  });
});

describe('x-mock-error-attempts', () => {
  it.each([
    [1, 500],
    [2, 500],
    [3, 200],
    [4, 200],
  ])('with two failing attempts, attempt %i answers %i', async (attempt, status) => {
    const response = await get({
      'x-mock-error': '500',
      'x-mock-error-attempts': '2',
      'amz-sdk-request': `attempt=${attempt}; max=3`,
      'amz-sdk-invocation-id': crypto.randomUUID(),
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('x-mock-applied')).toBe(`${status === 500 ? 'error=500' : 'error=500 skipped'}; attempt=${attempt}/2`);
  });

  it('treats a request without amz-sdk-request as attempt 1', async () => {
    expect((await get({ 'x-mock-error': '429', 'x-mock-error-attempts': '1' })).status).toBe(429);
  });
});

describe('x-mock-error-rate with x-mock-seed', () => {
  const sequence = async (seed: string) => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const headers = {
        'x-mock-error': '503',
        'x-mock-error-rate': '0.5',
        'x-mock-seed': seed,
        'amz-sdk-invocation-id': crypto.randomUUID(),
      };
      statuses.push((await get(headers)).status);
    }
    return statuses;
  };

  it('reproduces the same sequence on a rerun after a reset, whatever invocation ids the client sends, and mixes errors with answers', async () => {
    const first = await sequence('run-1');
    await reset();
    expect(await sequence('run-1')).toEqual(first);
    expect(first).toContain(200);
    expect(first).toContain(503);
    await reset();
    expect(await sequence('run-2')).not.toEqual(first);
  });
});

describe('x-mock-delay', () => {
  it('waits before answering, and says how long', async () => {
    const started = Date.now();
    const response = await get({ 'x-mock-delay': '150' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-mock-applied')).toBe('delay=150ms');
  });

  it('draws a range deterministically with a seed, and delays errors too', async () => {
    const headers = { 'x-mock-delay': '10-60', 'x-mock-seed': 's', 'x-mock-error': '500', 'amz-sdk-invocation-id': 'i' };
    await reset();
    const a = (await get(headers)).headers.get('x-mock-applied');
    await reset();
    const b = (await get(headers)).headers.get('x-mock-applied');
    expect(a).toBe(b);
    expect(a).toMatch(/^delay=([1-5]\d|60)ms; error=500$/);
  });

  it('refuses a delay over the cap set in wrangler.toml', async () => {
    const response = await get({ 'x-mock-delay': '10001' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ Message: expect.stringMatching(/x-mock-delay.*at most 10000/) });
  });
});

describe('x-mock-fault', () => {
  it.each(['empty-body', 'malformed-json', 'truncated-json'])('%s: a 200 whose body no JSON parser accepts', async (fault) => {
    const response = await get({ 'x-mock-fault': fault });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-mock-applied')).toBe(`fault=${fault}`);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
    if (fault === 'empty-body') expect(text).toBe('');
    if (fault === 'truncated-json') expect(JSON.stringify(ANY_JOB).startsWith(text)).toBe(true);
  });

  it('leaves an injected error alone', async () => {
    const response = await get({ 'x-mock-fault': 'empty-body', 'x-mock-error': '500' });
    expect(v.parse(MessageBodySchema, await response.json()).Message).toBeDefined();
  });
});

describe('x-mock-progression and x-mock-now', () => {
  it('answers 404 before start', async () => {
    const response = await get({ 'x-mock-progression': progression(), 'x-mock-now': at(-1) });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-mock-applied')).toMatch(/progression=not-created-yet/);
  });

  it.each([
    [0, 'CREATED'],
    [7, 'PREPARING_FOR_INITIALIZATION'],
    [15, 'INITIALIZING'],
    [50, 'PROCESSING'],
    [95, 'COMPLETING'],
    [100, 'COMPLETED'],
    [5000, 'COMPLETED'],
  ])('at %is of 100 the job is %s, with the fixture identity kept', async (seconds, status) => {
    const response = await get({ 'x-mock-progression': progression(), 'x-mock-now': at(seconds) });
    expect(response.status).toBe(200);
    const job = v.parse(ExportJobResponseSchema, await response.json());
    expect(job.JobStatus).toBe(status);
    expect([job.ApplicationId, job.Id, job.Definition]).toEqual([ANY_JOB.ApplicationId, ANY_JOB.Id, ANY_JOB.Definition]);
    expect(job.CreationDate).toBe(START);
    expect(job.CompletionDate).toBe(status === 'COMPLETED' ? at(100) : undefined);
    expect(response.headers.get('x-mock-applied')).toBe(`now=${at(seconds)}; progression=${status} ${Math.min(100, seconds)}%`);
  });

  it('ends FAILED with failures, and CANCELLED without', async () => {
    const failed = await readJob(get({ 'x-mock-progression': progression('FAILED', '; pieces=5; endpoints=50'), 'x-mock-now': at(100) }));
    expect(failed).toMatchObject({ JobStatus: 'FAILED', TotalPieces: 5, FailedPieces: 1, CompletedPieces: 4, TotalProcessed: 50 });
    expect(failed.Failures?.length).toBe(failed.TotalFailures);
    const cancelled = await readJob(get({ 'x-mock-progression': progression('CANCELLED'), 'x-mock-now': at(99) }));
    expect(cancelled.JobStatus).toBe('CANCELLING');
  });

  it('uses the real clock without x-mock-now', async () => {
    const start = new Date(Date.now() - 60_000).toISOString();
    const job = await readJob(get({ 'x-mock-progression': `start=${start}; duration=30; outcome=COMPLETED` }));
    expect(job.JobStatus).toBe('COMPLETED');
  });

  it('gives way to an injected error, and to a fault', async () => {
    const headers = { 'x-mock-progression': progression(), 'x-mock-now': at(50) };
    expect((await get({ ...headers, 'x-mock-error': '500' })).status).toBe(500);
    const broken = await get({ ...headers, 'x-mock-fault': 'truncated-json' });
    expect(broken.headers.get('x-mock-applied')).toBe(`now=${at(50)}; progression=PROCESSING 50%; fault=truncated-json`);
  });

  it('still answers 404 for a job that is not seeded', async () => {
    const response = await get({ 'x-mock-progression': progression(), 'x-mock-now': at(50) }, jobUrl(ANY_JOB.ApplicationId, 'missing'));
    expect(response.status).toBe(404);
  });
});

describe('malformed harness values', () => {
  it.each([
    ['x-mock-error', 'teapot'],
    ['x-mock-delay', 'later'],
    ['x-mock-fault', 'on-fire'],
    ['x-mock-now', 'tomorrow'],
    ['x-mock-progression', 'outcome=SOON'],
    ['x-mock-seed', `${' '.repeat(3)}a b`],
    ['x-mock-unknown', '1'],
    ['prefer', 'code=999'],
  ])('%s: %s is a 400 naming the header', async (header, value) => {
    const response = await get({ [header]: value });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-ErrorType')).toBe('BadRequestException');
    const body = v.parse(MessageBodySchema, await response.json());
    expect(body.Message).toContain(`Invalid ${header} header: expected`);
    expect(body.RequestID).toBe(response.headers.get('x-amzn-RequestId'));
  });
});

describe('x-mock-applied', () => {
  it('is on every response, and a browser may read it', async () => {
    for (const response of [
      await get({}),
      await get({}, 'https://sandbox.test/elsewhere'),
      await SELF.fetch(urlOf(ANY_JOB), { method: 'OPTIONS' }),
    ]) {
      expect(response.headers.get('x-mock-applied')).toBeTruthy();
      expect(response.headers.get('access-control-expose-headers')).toContain('x-mock-applied');
    }
    expect((await get({})).headers.get('x-mock-applied')).toBe('none');
  });

  it('every harness header is allowed by the preflight', async () => {
    const response = await SELF.fetch(urlOf(ANY_JOB), { method: 'OPTIONS', headers: { origin: 'https://app.example' } });
    const allowed = response.headers.get('access-control-allow-headers')?.split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(HARNESS_HEADER_NAMES));
  });
});
