// The export bound (MAX_EXPORT_ENDPOINTS, MAX_PIECE_ENDPOINTS): a job whose export the sandbox
// could not generate within a Worker's budget is refused when it is created, and so are
// defaults that would make every job such a one; nothing is stored.
import { describe, expect, it } from 'vitest';
import { MAX_EXPORT_ENDPOINTS, MAX_PIECE_ENDPOINTS } from '../../src/limits';
import { handleWith } from './handle';
import { asTenant, createRequest, jobsUrl } from './tenants';

const handle = handleWith({ JOURNAL: 'off' });

async function badRequest(response: Response, message: RegExp) {
  expect(response.status).toBe(400);
  expect(response.headers.get('x-amzn-ErrorType')).toBe('BadRequestException');
  expect(((await response.json()) as { Message: string }).Message).toMatch(message);
}

describe('CreateExportJob above the export bound', () => {
  it('is a 400 naming the bound, and creates nothing', async () => {
    const tenant = asTenant('s3-bound');
    const create = (life: string) => handle(createRequest({ ...tenant, 'x-mock-progression': `duration=60; outcome=COMPLETED; ${life}` }));
    const list = async () => JSON.stringify(await (await handle(new Request(jobsUrl(), { headers: tenant }))).json());
    const before = await list();
    await badRequest(await create(`pieces=10000; endpoints=${MAX_EXPORT_ENDPOINTS + 1}`), /at most 1000000 per job/);
    await badRequest(await create(`pieces=1; endpoints=${MAX_PIECE_ENDPOINTS + 1}`), /at most 100000 per piece/);
    expect(await list()).toBe(before);
    expect((await create(`pieces=10; endpoints=${MAX_EXPORT_ENDPOINTS}`)).status).toBe(202); // the bound itself is allowed
  });

  it('refuses defaults that would put every created job above it', async () => {
    const tenant = asTenant('s3-bound-defaults');
    const put = (defaults: unknown) =>
      handle(new Request('https://sandbox.test/_sandbox/defaults', { method: 'PUT', headers: tenant, body: JSON.stringify(defaults) }));
    await badRequest(await put({ pieces: 2, endpoints: 2 * MAX_PIECE_ENDPOINTS + 2 }), /per piece/);
    expect((await put({ pieces: 2, endpoints: 2 * MAX_PIECE_ENDPOINTS })).status).toBe(200);
  });
});
