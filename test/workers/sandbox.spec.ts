// The Worker as a client sees it, in the Workers runtime, against real local KV.
import { env, SELF } from 'cloudflare:test';
import * as v from 'valibot';
import { beforeEach, describe, expect, it } from 'vitest';
import { MessageBodySchema } from '../../src/http/error-bodies';
import { ERROR_CATALOGUE } from '../../src/http/errors';
import { jobKey } from '../../src/jobs/kv-key';
import { ExportJobResponseSchema, JOB_STATUSES } from '../../src/jobs/schema';
import { MAX_BODY_BYTES } from '../../src/limits';
import { ANY_JOB, FIXTURE_FILES, JOBS, jobUrl, jobWithStatus, seedFixtures, urlOf } from './fixtures';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const APP = 'a1fb24b2eae293674407a7f03207134c';

beforeEach(seedFixtures);

async function expectError(response: Response, name: keyof typeof ERROR_CATALOGUE, message?: RegExp) {
  expect(response.status).toBe(ERROR_CATALOGUE[name].status);
  expect(response.headers.get('x-amzn-ErrorType')).toBe(name);
  expect(response.headers.get('content-type')).toBe('application/json');
  const requestId = response.headers.get('x-amzn-RequestId');
  expect(requestId).toMatch(UUID);
  const body = v.parse(MessageBodySchema, await response.json());
  expect(body.RequestID).toBe(requestId);
  if (message) expect(body.Message).toMatch(message);
  return body;
}

describe('GET the job resource', () => {
  it('answers every shipped fixture with the bare ExportJobResponse, byte for byte what the file says', async () => {
    expect(JOBS.length).toBeGreaterThanOrEqual(12);
    for (const job of JOBS) {
      const response = await SELF.fetch(urlOf(job));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.get('x-amzn-RequestId')).toMatch(UUID);
      expect(response.headers.get('x-amzn-ErrorType')).toBeNull();
      const body = await response.json();
      expect(body).toEqual(job);
      expect(body).not.toHaveProperty('ExportJobResponse');
      expect(() => v.parse(ExportJobResponseSchema, body)).not.toThrow();
    }
  });

  it('omits optional fields the fixture lacks, never null', async () => {
    const created = jobWithStatus('CREATED');
    const text = await (await SELF.fetch(urlOf(created))).text();
    expect(text).not.toContain('null');
    expect(JSON.parse(text)).not.toHaveProperty('CompletionDate');
  });

  it('gives each response a fresh request id', async () => {
    const ids = new Set<string | null>();
    for (let i = 0; i < 5; i++) ids.add((await SELF.fetch(urlOf(ANY_JOB))).headers.get('x-amzn-RequestId'));
    expect(ids.size).toBe(5);
  });

  it('answers HEAD as GET without a body', async () => {
    const response = await SELF.fetch(urlOf(ANY_JOB), { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('accepts a SigV4-signed request as it is', async () => {
    const response = await SELF.fetch(urlOf(ANY_JOB), {
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/us-east-1/mobiletargeting/aws4_request, SignedHeaders=host;x-amz-date, Signature=deadbeef',
        'x-amz-date': '20261129T000000Z',
        'amz-sdk-request': 'attempt=1; max=3',
        'amz-sdk-invocation-id': crypto.randomUUID(),
      },
    });
    expect(response.status).toBe(200);
  });
});

describe('fixtures shipped in fixtures/', () => {
  it('are all valid and cover every status, both export kinds and failures', () => {
    for (const [file, parsed] of Object.entries(FIXTURE_FILES)) expect(parsed.problems, file).toEqual([]);
    expect(new Set(JOBS.map((j) => j.JobStatus))).toEqual(new Set(JOB_STATUSES));
    expect(JOBS.some((j) => j.Definition.SegmentId)).toBe(true);
    expect(JOBS.some((j) => !j.Definition.SegmentId)).toBe(true);
    expect(JOBS.some((j) => j.JobStatus === 'FAILED' && (j.Failures?.length ?? 0) > 0)).toBe(true);
    for (const job of JOBS) {
      expect(job.Id).toMatch(/^[0-9a-f]{32}$/);
      expect(job.ApplicationId).toMatch(/^[0-9a-f]{32}$/);
      expect(job.CreationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });
});

describe('errors', () => {
  it('404 NotFoundException for an unknown job or application', async () => {
    await expectError(await SELF.fetch(jobUrl(APP, 'ffffffffffffffffffffffffffffffff')), 'NotFoundException');
    await expectError(await SELF.fetch(jobUrl('ffffffffffffffffffffffffffffffff', ANY_JOB.Id)), 'NotFoundException');
  });

  it.each(['/v2', '/v1/apps', '/v1/apps/x/jobs', '/v1/apps/x/jobs/import/y', '/nope.html'])(
    '404 NotFoundException as JSON for the unknown path %s',
    async (path) => {
      await expectError(await SELF.fetch(`https://sandbox.test${path}`, { headers: { accept: 'text/html' } }), 'NotFoundException');
    },
  );

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('405 MethodNotAllowedException with Allow for %s', async (method) => {
    const response = await SELF.fetch(urlOf(ANY_JOB), { method });
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    await expectError(response, 'MethodNotAllowedException');
  });

  it.each([
    ['empty application-id', jobUrl('', 'abc'), /application-id/],
    ['overlong job-id', jobUrl(APP, 'a'.repeat(65)), /job-id/],
    ['a space in application-id', jobUrl('my%20app', 'abc'), /application-id/],
    ['an encoded slash in job-id', jobUrl(APP, 'a%2Fb'), /job-id/],
    ['a colon (the KV key separator) in job-id', jobUrl(APP, 'a%3Ab'), /job-id/],
    ['broken percent-encoding', jobUrl(APP, 'abc%E0%A4'), /job-id: malformed percent-encoding/],
    ['unicode', jobUrl(APP, '%C3%A9t%C3%A9'), /job-id/],
  ])('400 BadRequestException naming the parameter for %s', async (_, url, message) => {
    await expectError(await SELF.fetch(url), 'BadRequestException', message);
  });

  it('413 PayloadTooLargeException for a declared body over 10 MiB, before reading it', async () => {
    const body = new ReadableStream({
      pull(controller) {
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const response = await SELF.fetch(urlOf(ANY_JOB), {
      method: 'POST',
      headers: { 'content-length': String(10 * 1024 * 1024 + 1) },
      body,
      duplex: 'half',
    } as RequestInit);
    await expectError(response, 'PayloadTooLargeException', /10485760/);
  });

  it('413 PayloadTooLargeException for a streamed body that grows past the limit', async () => {
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const response = await SELF.fetch(urlOf(ANY_JOB), { method: 'POST', body, duplex: 'half' } as RequestInit);
    await expectError(response, 'PayloadTooLargeException');
    expect(sent).toBeLessThan(11 * 1024 * 1024);
  });

  it('a body under the limit is read past, so the method decides (405)', async () => {
    const response = await SELF.fetch(urlOf(ANY_JOB), { method: 'POST', body: 'x'.repeat(1024 * 1024) });
    await expectError(response, 'MethodNotAllowedException');
  });

  // Streamed with no content-length, so only the count as it streams can tell.
  const streamOf = (bytes: number) => {
    let left = bytes;
    return new ReadableStream({
      pull(controller) {
        const size = Math.min(left, 64 * 1024);
        if (size === 0) return controller.close();
        left -= size;
        controller.enqueue(new Uint8Array(size));
      },
    });
  };

  it('a streamed body of exactly the limit is accepted, and one byte more is a 413', async () => {
    const post = (bytes: number) => SELF.fetch(urlOf(ANY_JOB), { method: 'POST', body: streamOf(bytes), duplex: 'half' } as RequestInit);
    await expectError(await post(MAX_BODY_BYTES), 'MethodNotAllowedException');
    await expectError(await post(MAX_BODY_BYTES + 1), 'PayloadTooLargeException');
  });
});

describe('stored values that do not match the schema', () => {
  it.each([
    ['bad-json', 'not JSON', '{oops', /not JSON/],
    ['bad-status', 'an invalid JobStatus', JSON.stringify({ ...ANY_JOB, Id: 'bad-status', JobStatus: 'DONE' }), /JobStatus/],
    ['bad-count', 'a string count', JSON.stringify({ ...ANY_JOB, Id: 'bad-count', TotalPieces: '8' }), /TotalPieces/],
    ['bad-key', 'another job under this key', JSON.stringify(jobWithStatus('FAILED')), /do not match its key/],
  ])('500 InternalServerErrorException saying the fixture is invalid: %s (%s)', async (jobId, _, value, why) => {
    await env.JOBS.put(jobKey({ applicationId: APP, jobId }), value);
    const body = await expectError(await SELF.fetch(jobUrl(APP, jobId)), 'InternalServerErrorException', why);
    expect(body.Message).toMatch(new RegExp(`stored fixture for job ${jobId} is invalid`));
    const neighbour = await SELF.fetch(urlOf(ANY_JOB));
    expect(neighbour.status).toBe(200);
  });

  it('answers a listing of an application that holds one with the same 500, never a partial page', async () => {
    const applicationId = 'invalidlisting';
    await env.JOBS.put(jobKey({ applicationId, jobId: 'good' }), JSON.stringify({ ...ANY_JOB, ApplicationId: applicationId, Id: 'good' }));
    await env.JOBS.put(jobKey({ applicationId, jobId: 'bad' }), '{oops');
    const listing = await SELF.fetch(`https://sandbox.test/v1/apps/${applicationId}/jobs/export`);
    await expectError(listing, 'InternalServerErrorException', /^The stored fixture for job bad is invalid: it is not JSON\.$/);
  });
});

describe('reading KV', () => {
  it('serves what was seeded after a running isolate has cached the old answer, within JOB_CACHE_TTL_MS', async () => {
    const ref = { applicationId: ANY_JOB.ApplicationId, jobId: 'seeded-later' };
    const url = jobUrl(ref.applicationId, ref.jobId);
    expect((await SELF.fetch(url)).status).toBe(404);
    await env.JOBS.put(jobKey(ref), JSON.stringify({ ...ANY_JOB, Id: ref.jobId }));
    await new Promise((resolve) => setTimeout(resolve, Number(env.JOB_CACHE_TTL_MS) + 50));
    const response = await SELF.fetch(url);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ...ANY_JOB, Id: ref.jobId });
  });
});

describe('CORS', () => {
  it('answers a preflight with 200, an empty body, and what the SDKs and the harness send', async () => {
    const response = await SELF.fetch(urlOf(ANY_JOB), {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS'); // the path's own methods, as Allow lists them
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    const allowed = response.headers.get('access-control-allow-headers')?.split(/,\s*/) ?? [];
    for (const header of [
      'authorization',
      'x-amz-date',
      'x-amz-content-sha256',
      'x-amz-security-token',
      'x-amz-user-agent',
      'amz-sdk-invocation-id',
      'amz-sdk-request',
      'content-type',
      'prefer',
      'x-mock-error',
      'x-mock-progression',
    ]) {
      expect(allowed).toContain(header);
    }
  });

  it('echoes the headers a preflight asks for', async () => {
    const response = await SELF.fetch(urlOf(ANY_JOB), {
      method: 'OPTIONS',
      headers: { origin: 'https://a.example', 'access-control-request-headers': 'x-mock-delay, x-custom' },
    });
    expect(response.headers.get('access-control-allow-headers')).toBe('x-mock-delay, x-custom');
  });

  it('answers a plain OPTIONS without Origin with 200', async () => {
    const response = await SELF.fetch(urlOf(ANY_JOB), { method: 'OPTIONS' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it.each([
    ['a job', () => urlOf(ANY_JOB)],
    ['an error', () => jobUrl(APP, 'missing')],
  ])('lets a browser read the AWS headers of %s', async (_, url) => {
    const response = await SELF.fetch(url(), { headers: { origin: 'https://app.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const exposed = response.headers.get('access-control-expose-headers')?.split(/,\s*/) ?? [];
    expect(exposed).toEqual(expect.arrayContaining(['x-amzn-RequestId', 'x-amzn-ErrorType', 'x-mock-applied']));
  });
});
