// What a new user meets first, through the Worker: the OpenAPI document's server wherever it
// is served, a wrong path told apart from an unknown job, x-mock-applied on every operation,
// and the admin API naming every bad member of a body.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { PATHS } from '../../src/routes/table';
import { ANY_JOB, jobUrl, seedFixtures, urlOf } from './fixtures';
import { handleWith } from './handle';
import { asTenant, createRequest, jobsUrl, SEGMENT, segmentJobsUrl } from './tenants';

describe('GET /openapi.json', () => {
  it.each(['http://127.0.0.1:41234', 'https://sandbox.example.com'])(
    'names as its server the origin that served it: %s',
    async (origin) => {
      const url = `${origin}/openapi.json`;
      const doc = (await (await SELF.fetch(url)).json()) as { servers: { url: string }[] };
      expect(doc.servers.length).toBeGreaterThan(0);
      for (const server of doc.servers) expect(new URL(server.url, url).origin).toBe(origin); // resolved as OpenAPI 3.1 says, against the document's URL
    },
  );
});

describe('x-mock-applied says what the harness applied, on every operation, and the journal records the same', () => {
  const handle = handleWith();
  const tenant = asTenant('AKIDAPPLIEDEVERYOP');
  const at = '2026-11-01T00:04:00.000Z';
  const replayed = 'start=2026-11-01T00:00:00Z; duration=600; outcome=FAILED; pieces=20';

  it('on a create whose life x-mock-progression set, a get replaying one, and both lists at x-mock-now', async () => {
    const create = await handle(createRequest({ ...tenant, 'x-mock-progression': 'duration=5; outcome=FAILED; pieces=4' }));
    expect(create.status).toBe(202);
    const { Id } = (await create.json()) as { Id: string };
    const calls: [Request, string][] = [
      [
        new Request(`${jobsUrl()}/${Id}`, { headers: { ...tenant, 'x-mock-progression': replayed, 'x-mock-now': at } }),
        'progression=PROCESSING 40%',
      ],
      [new Request(jobsUrl(), { headers: { ...tenant, 'x-mock-now': at } }), `now=${at}`],
      [new Request(segmentJobsUrl(SEGMENT), { headers: { ...tenant, 'x-mock-now': at } }), `now=${at}`],
    ];
    const expected = [['progression=5s FAILED, 4 pieces, 400 endpoints']];
    expect(create.headers.get('x-mock-applied')).toBe(expected[0]?.join('; '));
    for (const [request, part] of calls) {
      const response = await handle(request);
      expect(response.status, await response.clone().text()).toBe(200);
      const applied = response.headers.get('x-mock-applied')?.split('; ') ?? [];
      expect(applied).toContain(part);
      expected.push(applied);
      await response.arrayBuffer();
    }
    const journal = await handle(new Request('https://sandbox.test/_sandbox/requests', { headers: tenant }));
    const { entries } = (await journal.json()) as { entries: { operation: string; applied: string[] }[] };
    expect(entries.map((e) => [e.operation, e.applied])).toEqual(
      ['CreateExportJob', 'GetExportJob', 'GetExportJobs', 'GetSegmentExportJobs'].map((operation, i) => [operation, expected[i]]),
    );
  });
});

describe('bad input named in full', () => {
  const handle = handleWith();
  const tenant = asTenant('AKIDBADINPUTNAMED');

  it.each(['code=abc', 'code=418'])('Prefer: %s is a 400 naming the header', async (prefer) => {
    const response = await SELF.fetch(urlOf(ANY_JOB), { headers: { prefer } });
    await expectError(response, 'BadRequestException', /^Invalid prefer header: expected code=<an error status/);
  });

  it('PUT /_sandbox/defaults names every invalid member, and sets none of them', async () => {
    const put = (body: unknown) =>
      handle(new Request('https://sandbox.test/_sandbox/defaults', { method: 'PUT', headers: tenant, body: JSON.stringify(body) }));
    const response = await put({ durationS: 'ten', outcome: 'MAYBE', pieces: 3, colour: 'red' });
    await expectError(
      response,
      'BadRequestException',
      /^Invalid defaults: durationS .+; outcome must be one of .+; colour is not a default\.$/,
    );
    const kept = await handle(new Request('https://sandbox.test/_sandbox/defaults', { headers: tenant }));
    expect(await kept.json()).toEqual({});
  });

  it('CreateExportJob, as Pinpoint, names only the first invalid member', async () => {
    const response = await handle(createRequest(tenant, { RoleArn: 7, S3UrlPrefix: 'ftp://nope' }));
    await expectError(response, 'BadRequestException', /^Invalid ExportJobRequest: RoleArn [^;]+\.$/);
  });
});

async function expectError(response: Response, type: string, message: RegExp) {
  expect(await errorMessage(response, type)).toMatch(message);
}

describe('a path no operation has, told apart from an unknown job', () => {
  const JOBS = '/v1/apps/{application-id}/jobs/export';
  const JOB = `${JOBS}/{job-id}`;
  const app = ANY_JOB.ApplicationId;

  it.each([
    ['GET', `/v1/app/${app}/jobs/export`, [JOBS]],
    ['POST', `/v1/apps/${app}/jobs/exports`, [JOBS]],
    ['GET', '/jobs/export', [JOBS]],
    ['GET', `/v1/apps/${app}/job/export/${ANY_JOB.Id}`, [JOB]],
    ['DELETE', '/_sandbox/request', ['/_sandbox/requests']],
    ['GET', '/_sandbox/nope', ['/_sandbox/requests', '/_sandbox/reset', '/_sandbox/defaults']],
  ])('%s %s: 404 NotFoundException saying no operation has the path, naming the nearest and every path', async (method, path, nearest) => {
    const response = await SELF.fetch(`https://sandbox.test${path}`, { method });
    expect(response.status).toBe(404);
    const message = await errorMessage(response, 'NotFoundException');
    expect(message).toContain(`No operation has the path ${path}.`);
    const named = /The nearest: (.*?)\. Every path/
      .exec(message)?.[1]
      ?.split('; ')
      .map((m) => m.replace(/^[A-Z, ]+ /, ''));
    expect(named).toEqual(nearest);
    for (const known of PATHS) expect(message).toContain(known);
  });

  it.each([
    ['the list path', `/v1/apps/${app}/jobs/export/`, `GET, HEAD, POST, OPTIONS ${JOBS}`],
    ['a job path', `/v1/apps/${app}/jobs/export/${ANY_JOB.Id}/`, `GET, HEAD, OPTIONS ${JOB}`],
    ['the admin API', '/_sandbox/requests//', 'GET, HEAD, DELETE, OPTIONS /_sandbox/requests'],
  ])('a trailing slash on %s: 404 naming the path without it, not a 400 about job-id', async (_, path, named) => {
    const response = await SELF.fetch(`https://sandbox.test${path}`);
    expect(response.status).toBe(404);
    expect(await errorMessage(response, 'NotFoundException')).toBe(
      `No operation has the path ${path}: drop the trailing slash (${named}).`,
    );
  });

  it('keeps Pinpoint’s message for an unknown job on a real path, and the 400 for an empty label inside one', async () => {
    await seedFixtures();
    const unknown = await SELF.fetch(jobUrl(app, 'ffffffffffffffffffffffffffffffff'));
    expect(await errorMessage(unknown, 'NotFoundException')).toBe('Resource not found');
    expect(await errorMessage(await SELF.fetch(jobUrl('', ANY_JOB.Id)), 'BadRequestException')).toMatch(/application-id/);
  });
});

async function errorMessage(response: Response, type: string): Promise<string> {
  const body = (await response.json()) as { Message: string; RequestID: string };
  expect(response.headers.get('x-amzn-ErrorType')).toBe(type);
  expect(body.RequestID).toBe(response.headers.get('x-amzn-RequestId'));
  return body.Message;
}
