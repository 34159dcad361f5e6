// startSandbox as a client app imports it from the installed package (installed-package.ts):
// its fixtures, seed() and reset(), persistence, the journal's shape, and every refusal.
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { workerdProcesses } from '../../node/processes';
import { jobPath } from '../../src/routes/table';
import { shippedJob } from '../support/fixtures';
import { installedPackage } from './installed-package';
import { tempDirs } from './temp-dirs';

type Package = typeof import('../../node/index');
let load: () => Promise<Package>;
beforeAll(async () => {
  const { packageDir } = await installedPackage();
  load = () => import(join(packageDir, 'dist', 'index.js'));
});
const tempDir = tempDirs('package-api');

const failed = shippedJob('retail-app-failed.json');
const completed = shippedJob('retail-app-completed.json'); // the README's example job
const extra = { ...failed, Id: 'feedfacefeedfacefeedfacefeedface', JobStatus: 'PROCESSING' as const };
const tenant = { accessKeyId: 'AKIDPACKAGE', region: 'us-east-1' };
const get = (url: string, job: { ApplicationId: string; Id: string }) =>
  fetch(`${url}${jobPath({ applicationId: job.ApplicationId, jobId: job.Id })}`);

describe('startSandbox, as installed', () => {
  it.each([
    ['no fixtures option: the sample jobs the package ships', {}, 12, 200, 200],
    ['fixtures given: those instead of the samples', { fixtures: [failed] }, 1, 200, 404],
    ['fixtures: []: none', { fixtures: [] }, 0, 404, 404],
  ] as const)('seeds, with %s', async (_, options, seeded, failedStatus, completedStatus) => {
    const { startSandbox } = await load();
    const sandbox = await startSandbox(options);
    try {
      expect(sandbox.seeded).toBe(seeded);
      expect((await get(sandbox.url, failed)).status).toBe(failedStatus);
      expect((await get(sandbox.url, completed)).status).toBe(completedStatus);
    } finally {
      await sandbox.stop();
    }
  });

  it('takes an application’s endpoints as a fixture, typed, counted apart from jobs; its exports hold them', async () => {
    const { startSandbox } = await load();
    const endpoints = { ApplicationId: completed.ApplicationId, Endpoints: [{ Id: 'own-1' }, { Id: 'own-2' }] };
    const sandbox = await startSandbox({ fixtures: [completed, endpoints] });
    try {
      expect([sandbox.seeded, sandbox.seededEndpointFixtures]).toEqual([1, 1]);
      const segment = completed.Definition.SegmentId as string; // a segment export holds the endpoints its segment lists
      expect(await sandbox.seed([{ ...endpoints, Endpoints: [{ Id: 'own-3' }], Segments: { [segment]: ['own-3'] } }])).toBe(0); // no job
      const [, bucket, prefix] = /^s3:\/\/([^/]+)\/(.*)$/.exec(completed.Definition.S3UrlPrefix) ?? [];
      const object = await fetch(`${sandbox.s3Url}/${bucket}/${prefix}${completed.Id}/part-00000.gz`);
      expect(object.status).toBe(200);
      const lines = gunzipSync(Buffer.from(await object.arrayBuffer()))
        .toString('utf8')
        .trim()
        .split('\n');
      expect(lines.map((line) => (JSON.parse(line) as { Id: string }).Id)).toEqual(['own-3']); // the export stops with the fixture's endpoints
    } finally {
      await sandbox.stop();
    }
  });

  it('seeds jobs all or nothing, and reset() brings back the start: its fixtures only, no tenant state', async () => {
    const { startSandbox, tenantHeaders } = await load();
    const signed = tenantHeaders(tenant);
    const sandbox = await startSandbox({ fixtures: [failed] });
    try {
      await expect(
        sandbox.seed([
          { ...extra, Id: 'bad id' },
          { ...extra, Id: 'abcabcabcabcabcabcabcabcabcabcab' },
        ]),
      ).rejects.toThrow(/jobs\[0\]: \$\.Id: /);
      expect((await get(sandbox.url, { ...extra, Id: 'abcabcabcabcabcabcabcabcabcabcab' })).status).toBe(404); // the valid one of the batch was not written
      expect(await sandbox.seed([extra])).toBe(1);
      expect(await (await get(sandbox.url, extra)).json()).toEqual(extra);
      const body = JSON.stringify({ RoleArn: 'arn:aws:iam::123456789012:role/E', S3UrlPrefix: 's3://bucket/p/' });
      const created = await fetch(`${sandbox.url}/v1/apps/${failed.ApplicationId}/jobs/export`, { method: 'POST', body, headers: signed });
      expect(created.status).toBe(202);
      const { Id } = (await created.json()) as { Id: string };
      expect((await sandbox.requests(tenant)).entries).toHaveLength(1);
      await sandbox.reset();
      expect((await get(sandbox.url, extra)).status).toBe(404);
      expect(await (await get(sandbox.url, failed)).json()).toEqual(failed);
      expect((await fetch(`${sandbox.url}/v1/apps/${failed.ApplicationId}/jobs/export/${Id}`, { headers: signed })).status).toBe(404);
      expect((await sandbox.requests(tenant)).entries).toHaveLength(1); // the GET just above: the journal started over
    } finally {
      await sandbox.stop();
    }
  });

  it('reset() restores a seeded job that seed() replaced to what the fixtures given at start said', async () => {
    const { startSandbox } = await load();
    const sandbox = await startSandbox({ fixtures: [failed] });
    try {
      const replaced = { ...extra, Id: failed.Id };
      expect(await sandbox.seed([replaced])).toBe(1);
      expect(await (await get(sandbox.url, failed)).json()).toEqual(replaced);
      await sandbox.reset();
      expect(await (await get(sandbox.url, failed)).json()).toEqual(failed);
    } finally {
      await sandbox.stop();
    }
  });

  it('gives the journal as the API does, { entries, evicted }, with every filter, from the sandbox and from adminClient(url)', async () => {
    const { adminClient, startSandbox, tenantHeaders } = await load();
    const sandbox = await startSandbox({ fixtures: [failed] });
    try {
      const headers = tenantHeaders(tenant);
      await get(sandbox.url, { ...failed, Id: 'ffffffffffffffffffffffffffffffff' }).then((r) => r.arrayBuffer());
      const between = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 5)); // the journal's instants are whole milliseconds
      for (let i = 0; i < 3; i++)
        await fetch(`${sandbox.url}${jobPath({ applicationId: failed.ApplicationId, jobId: failed.Id })}`, { headers });
      for (const admin of [sandbox, adminClient(sandbox.url)]) {
        const all = await admin.requests(tenant);
        expect(Object.keys(all).sort()).toEqual(['entries', 'evicted']);
        expect(all.evicted).toBe(0);
        expect(all.entries.map((e) => e.status)).toEqual([200, 200, 200]); // the unsigned 404 was the anonymous tenant's
        expect((await admin.requests(tenant, { limit: 2 })).entries).toHaveLength(2);
        expect((await admin.requests(tenant, undefined)).entries).toHaveLength(3); // no filter, said so
        expect((await admin.requests(tenant, { limit: undefined, status: undefined })).entries).toHaveLength(3); // filters left out, not sent as "undefined"
        expect((await admin.requests(tenant, { status: 404 })).entries).toEqual([]);
        expect((await admin.requests(tenant, { operation: 'GetExportJobs' })).entries).toEqual([]);
        expect((await admin.requests(tenant, { operation: 'GetExportJob', status: 200 })).entries).toHaveLength(3);
        expect((await admin.requests(tenant, { since: between })).entries).toHaveLength(3);
        expect((await admin.requests(tenant, { since: new Date(Date.now() + 60_000) })).entries).toEqual([]);
        await expect(admin.requests(tenant, { limit: 0 })).rejects.toThrow(/Invalid limit: expected a whole number from 1 to 1000/);
      }
    } finally {
      await sandbox.stop();
    }
  });

  it('keeps created jobs and seeded ones across a restart with persist, and nothing without it', async () => {
    const { startSandbox, tenantHeaders } = await load();
    const signed = tenantHeaders(tenant);
    const persist = tempDir();
    const body = JSON.stringify({ RoleArn: 'arn:aws:iam::123456789012:role/E', S3UrlPrefix: 's3://bucket/p/' });
    const first = await startSandbox({ persist, fixtures: [extra] });
    const created = await fetch(`${first.url}/v1/apps/${failed.ApplicationId}/jobs/export`, { method: 'POST', body, headers: signed });
    const { Id } = (await created.json()) as { Id: string };
    await first.stop();
    for (const [options, status] of [
      [{ persist, fixtures: [] }, 200],
      [{ fixtures: [] }, 404],
    ] as const) {
      const again = await startSandbox(options);
      try {
        expect((await fetch(`${again.url}/v1/apps/${failed.ApplicationId}/jobs/export/${Id}`, { headers: signed })).status).toBe(status);
        expect((await get(again.url, extra)).status).toBe(status);
      } finally {
        await again.stop();
      }
    }
  });

  it('refuses bad options, and addresses it cannot listen on, with a SandboxError naming the cause, before starting anything', async () => {
    const { startSandbox, SandboxError } = await load();
    await expect(startSandbox({ port: 70_000 })).rejects.toThrow(SandboxError);
    await expect(startSandbox({ port: 1.5 })).rejects.toThrow(/port must be a whole number from 0 to 65535, not 1.5/);
    await expect(startSandbox({ port: '9113' as never })).rejects.toThrow(/not the string "9113" \(a number is wanted\)$/);
    await expect(startSandbox({ fixtures: ['/no/such/dir'] })).rejects.toThrow(/no such fixtures file or folder: \/no\/such\/dir/);
    await expect(startSandbox({ fixtures: [{ ...failed, JobStatus: 'DONE' } as never] })).rejects.toThrow(
      /jobs\[0\]: \$\.JobStatus: must be one of/,
    );
    // Never bound: each fails locally at once. Before the fix, the first ended this process.
    for (const [host, cause] of [
      ['999.1.1.1', /cannot listen on 999\.1\.1\.1: not an IP address or a name this machine resolves/],
      ['10.255.255.1', /cannot listen on 10\.255\.255\.1: it is not an address of this machine/],
    ] as const) {
      const refused = await startSandbox({ host }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SandboxError);
      expect((refused as Error).message).toMatch(cause);
    }
    expect(workerdProcesses('ppid', process.pid)).toEqual([]);
  });

  it('stop() twice, or after the engine died, resolves', async () => {
    const { startSandbox } = await load();
    const sandbox = await startSandbox();
    await sandbox.stop();
    await sandbox.stop();
    const crashed = await startSandbox();
    for (const pid of workerdProcesses('ppid', process.pid)) process.kill(pid, 'SIGKILL');
    await expect(fetch(crashed.url)).rejects.toThrow();
    await crashed.stop();
    await crashed.stop();
  });
});
