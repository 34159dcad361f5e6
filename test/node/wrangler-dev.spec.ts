// `npm start` as a user runs it: local KV seeded (Miniflare writing where wrangler dev reads),
// the seed skipped when nothing it depends on changed, created jobs kept across a restart
// in wrangler dev's local persistence, and `npm run smoke` passing against it. The one place tests start wrangler dev: the clients run on the package's engine.
import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { planSources } from '../../node/fixtures';
import { workerdProcesses } from '../../node/processes';
import { writeLocal } from '../../scripts/seed';
import { NPM } from '../../scripts/tools';
import { startNpmStart, startWranglerDev } from '../../scripts/wrangler-dev';
import { unsignedAuthorization } from '../../src/gateway/credential';
import { jobPath } from '../../src/routes/table';
import { shippedJob } from '../support/fixtures';
import { runProcess } from '../support/run-process';
import { tempDirs } from './temp-dirs';

const tempDir = tempDirs('wrangler-dev-state');
const completed = shippedJob('retail-app-completed.json'); // the README's example job

it('npm start seeds a fresh state folder, serves it, and on the next start skips the unchanged seed and keeps a job created before the restart', async () => {
  const persist = tempDir();
  const jobs = '/v1/apps/restartapp/jobs/export';
  const headers = { authorization: unsignedAuthorization('AKIDRESTART') };
  const first = await startNpmStart(['--persist-to', persist]);
  let id: string;
  try {
    expect(first.log()).toMatch(/seed: wrote \d+ job\(s\)/);
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
  const second = await startNpmStart(['--persist-to', persist]);
  try {
    expect(second.log()).not.toContain('seed:'); // nothing the seed depends on changed: not even the seeder ran
    const read = await fetch(`${second.url}${jobs}/${id}`, { headers });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { Id: string }).Id).toBe(id);
    expect((await fetch(`${second.url}${jobPath({ applicationId: completed.ApplicationId, jobId: completed.Id })}`)).status).toBe(200);
    // The smoke test passes against it, as `npm run smoke -- <url>` runs it (its fresh tenants leave the state as they found it).
    const smoke = await runProcess(NPM[0], [...NPM.slice(1), 'run', '--silent', 'smoke', '--', second.url], { timeoutMs: 120_000 });
    expect(smoke.status, smoke.stdout + smoke.stderr).toBe(0);
    expect(smoke.stdout).toMatch(/\| tenant isolation \| passed \|[\s\S]*all 10 checks passed/);
  } finally {
    await second.stop();
  }
});

it('wrangler dev serves what the seeder wrote with Miniflare, where and as wrangler reads it', async () => {
  const persist = tempDir();
  await writeLocal(planSources(['fixtures']).entries, persist);
  const dev = await startWranglerDev(['--persist-to', persist]);
  try {
    const seeded = await fetch(`${dev.url}${jobPath({ applicationId: completed.ApplicationId, jobId: completed.Id })}`);
    expect(seeded.status).toBe(200);
    expect(await seeded.json()).toEqual(completed);
  } finally {
    await dev.stop();
  }
});

// npm passes a SIGTERM to its `sh -c`, which ends without passing it on: scripts/start.mjs,
// left with wrangler dev's workerd, must notice and stop them (node/lifeline.mjs).
it('npm start, sent SIGTERM alone (not its group), leaves nothing listening', async () => {
  const dev = await startNpmStart(['--persist-to', tempDir()]);
  try {
    expect((await fetch(`${dev.url}/`)).status).toBe(200);
    process.kill(dev.pid, 'SIGTERM'); // npm's own process: what `kill <pid>` or a process manager sends
    // It goes within a moment; on a busy machine, a longer one: only the test's timeout ends the wait.
    while (
      await fetch(`${dev.url}/`).then(
        () => true,
        () => false,
      )
    )
      await new Promise((resolve) => setTimeout(resolve, 200));
    while (workerdProcesses('pgrp', dev.pid).length > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    await dev.stop(); // whatever is left, were the test to fail
  }
});

it('npm start on a port already taken says so in one line, without workerd’s fatal stack, and exits 1', async () => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port } = holder.address() as { port: number };
  try {
    const [npm, ...npmArgs] = NPM;
    const run = await runProcess(npm as string, [...npmArgs, 'start', '--silent', '--', '--ip', '127.0.0.1', '--port', String(port)], {
      timeoutMs: 90_000, // only a hang: the check answers at once
    });
    const said = `${run.stdout}${run.stderr}`;
    expect(run.status, said).toBe(1);
    expect(said.trim()).toBe(
      `npm start: port ${port} on 127.0.0.1 is already in use (EADDRINUSE: Address already in use); stop what uses it, or serve on another port: npm start -- --port ${port + 1}`,
    );
    expect(said).not.toContain('kj::Exception');
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
});
