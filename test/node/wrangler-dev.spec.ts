// `npm start` as wrangler serves it: local KV seeded as `npm start` seeds it (Miniflare writing
// where wrangler dev reads), and created jobs kept across a restart in wrangler dev's local
// persistence. The one place tests start wrangler dev: the clients run on the package's engine.
import { expect, it } from 'vitest';
import { planSources } from '../../node/fixtures';
import { writeLocal } from '../../scripts/seed';
import { startWranglerDev } from '../../scripts/wrangler-dev';
import { unsignedAuthorization } from '../../src/gateway/credential';
import { jobPath } from '../../src/routes/table';
import { shippedJob } from '../support/fixtures';
import { tempDirs } from './temp-dirs';

const tempDir = tempDirs('wrangler-dev-state');
const completed = shippedJob('retail-app-completed.json'); // the README's example job

it('serves the seeded jobs, and a job created before wrangler dev restarted', async () => {
  const persist = tempDir();
  await writeLocal(planSources(['fixtures']).entries, persist);
  const jobs = '/v1/apps/restartapp/jobs/export';
  const headers = {
    authorization: unsignedAuthorization('AKIDRESTART'),
  };
  const first = await startWranglerDev(['--persist-to', persist]);
  let id: string;
  try {
    const seeded = await fetch(`${first.url}${jobPath({ applicationId: completed.ApplicationId, jobId: completed.Id })}`);
    expect(seeded.status).toBe(200);
    expect(await seeded.json()).toEqual(completed);
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
