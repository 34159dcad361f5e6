// `npm start` keeps created jobs across a restart: wrangler dev's local persistence holds the
// Durable Object's storage, as it holds KV's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startWranglerDev } from '../../scripts/wrangler-dev';
import { unsignedAuthorization } from '../../src/gateway/credential';

const persist = mkdtempSync(join(tmpdir(), 'restart-state-'));
afterAll(() => rmSync(persist, { recursive: true, force: true }));

it('serves a job created before wrangler dev restarted', async () => {
  const jobs = '/v1/apps/restartapp/jobs/export';
  const headers = {
    authorization: unsignedAuthorization('AKIDRESTART'),
  };
  const first = await startWranglerDev(['--persist-to', persist]);
  let id: string;
  try {
    const created = await fetch(`${first.url}${jobs}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: 's3://exports' }),
    });
    expect(created.status).toBe(202);
    id = ((await created.json()) as { Id: string }).Id;
  } finally {
    await first.stop();
  }
  const second = await startWranglerDev(['--persist-to', persist]);
  try {
    const read = await fetch(`${second.url}${jobs}/${id}`, { headers });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { Id: string }).Id).toBe(id);
  } finally {
    await second.stop();
  }
});
