// The package as a client app gets it: `npm pack`, installed with npm into a copy of
// examples/client-app, whose own test command (tsc on NodeNext, then its contract tests with
// startSandbox) and its Jest tests (the README's globalSetup and globalTeardown) must pass;
// then the installed CLI, started and stopped as a user does, and refusing bad input before
// starting anything.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerdProcesses } from '../../scripts/bench/process-cpu';
import { freePort } from '../../scripts/loopback';
import { jobPath } from '../../src/routes/table';
import { shippedJob } from '../support/fixtures';

const work = mkdtempSync(join(tmpdir(), 'package-'));
const app = join(work, 'client-app');
const EXAMPLE_TESTS = 8; // in examples/client-app/test: a run with fewer passing is a failure
const EXAMPLE_JEST_TESTS = 2; // in examples/client-app/test/jest

// npm as the test run's own npm (npm test sets npm_execpath), else the one on PATH.
const npm = (args: string[], cwd: string) => {
  const [command, prefix] = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  return spawnSync(command, [...prefix, ...args], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
};
const bin = () => join(app, 'node_modules', '.bin', 'pinpoint-export-job-sandbox');
const cli = (...args: string[]) => spawnSync(bin(), args, { encoding: 'utf8', timeout: 30_000 });

beforeAll(() => {
  const packed = npm(['pack', '--pack-destination', work, '--silent'], process.cwd());
  expect(packed.status, packed.stderr).toBe(0);
  cpSync('examples/client-app', app, { recursive: true, filter: (path) => !/node_modules|\.tgz$/.test(path) });
  const [tarball] = readdirSync(work).filter((f) => f.endsWith('.tgz'));
  renameSync(join(work, tarball as string), join(app, 'pinpoint-export-job-sandbox.tgz')); // the name its package.json installs
  const installed = npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], app);
  expect(installed.status, installed.stderr).toBe(0);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('passes the example client app’s own tests: its types check, and its contract tests run against startSandbox', () => {
  const tested = npm(['test'], app);
  const output = stripVTControlCharacters(tested.stdout + tested.stderr);
  expect(tested.status, output).toBe(0);
  expect(output).toMatch(new RegExp(`Tests\\s+${EXAMPLE_TESTS} passed \\(${EXAMPLE_TESTS}\\)`));
}, 120_000);

it('passes the same app’s Jest tests, whose globalSetup starts the sandbox and whose globalTeardown stops it', () => {
  // Jest itself, not `npm run test:jest`: on the timeout, SIGTERM reaches Jest (npm would leave
  // it running), which a teardown that left the sandbox running would hold open until then.
  const tested = spawnSync(join(app, 'node_modules', '.bin', 'jest'), [], { cwd: app, encoding: 'utf8', timeout: 60_000 });
  const output = stripVTControlCharacters(tested.stdout + tested.stderr);
  expect(tested.status, output).toBe(0);
  expect(output).toMatch(new RegExp(`Tests:\\s+${EXAMPLE_JEST_TESTS} passed, ${EXAMPLE_JEST_TESTS} total`));
  expect(output).not.toMatch(/did not exit/);
}, 120_000);

describe('the installed CLI', () => {
  const job = shippedJob('retail-app-failed.json');
  const path = jobPath({ applicationId: job.ApplicationId, jobId: job.Id });

  it.each(['SIGTERM', 'SIGINT'] as const)('serves the fixtures it is given, prints its URL, and stops on %s', async (signal) => {
    const child = spawn(bin(), ['--port', '0', '--fixtures', join(process.cwd(), 'fixtures')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await readyUrl(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await fetch(`${url}${path}`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual(job);
    for (const [file, type] of [
      ['/', /^text\/html/],
      ['/app.js', /^text\/javascript/],
      ['/sandbox.css', /^text\/css/],
      ['/openapi.json', /^application\/json/],
    ] as const) {
      const asset = await fetch(`${url}${file}`, { headers: { accept: 'text/html' } }); // the landing page and what it loads
      expect([asset.status, asset.headers.get('content-type')], file).toEqual([200, expect.stringMatching(type)]);
    }
    child.kill(signal); // what Ctrl-C sends it in a terminal, or what a CI runner sends
    const [code] = await new Promise<[number | null]>((resolve) => child.once('exit', (c) => resolve([c])));
    expect(code).toBe(0);
    await expect(fetch(`${url}${path}`)).rejects.toThrow(); // nothing left listening
  });

  // Every refusal of the argument parser is in node/cli-args.spec.ts; these check that the command exits with it.
  it.each([
    [['--bogus'], 2, /unknown option --bogus/],
    [['--port', '70000'], 2, /--port takes a whole number from 0 to 65535, not "70000"/],
    [['--fixtures', '/no/such/fixtures'], 1, /no such fixtures file or folder: \/no\/such\/fixtures/],
  ])('refuses %j, naming the problem, with exit code %i', (args, code, message) => {
    const result = cli(...args);
    expect(result.status).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).not.toMatch(/ready on/);
  });

  it('refuses invalid fixtures, naming every problem by file and JSON path, and starts nothing', () => {
    const dir = mkdtempSync(join(work, 'bad-fixtures-'));
    cpSync('fixtures/retail-app-failed.json', join(dir, 'a.json'));
    spawnSync('sh', ['-c', `printf '[{"Id":"x y"}]' > ${join(dir, 'b.json')}`]);
    const result = cli('--fixtures', dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/b\.json: \$\[0\]\.Id: /);
    expect(result.stderr).toMatch(/b\.json: \$\[0\]\.ApplicationId: is required but missing/);
    expect(result.stdout).not.toMatch(/ready on/);
  });

  it('opens its port only once the fixtures are in: the first answer on it already has them', async () => {
    const port = await freePort();
    const child = spawn(bin(), ['--port', String(port), '--fixtures', join(process.cwd(), 'fixtures')], { stdio: 'ignore' });
    try {
      let first: Response | undefined;
      for (const deadline = Date.now() + 30_000; !first && Date.now() < deadline; ) {
        first = await fetch(`http://127.0.0.1:${port}${path}`).catch(() => undefined); // not listening yet
        if (!first) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(first?.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('exits 1, saying so, when the Workers runtime under it dies', async () => {
    const child = spawn(bin(), ['--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    await readyUrl(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    for (const pid of workerdProcesses('ppid', child.pid as number)) process.kill(pid, 'SIGKILL');
    expect(await exited).toBe(1);
    expect(stderr).toMatch(/the Workers runtime stopped unexpectedly/);
  });

  it('says when its port is taken, and exits 1', async () => {
    const taken: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port)),
    );
    try {
      const result = cli('--port', String(port));
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    } finally {
      taken.close();
    }
  });
});

describe('startSandbox, as installed', () => {
  type Package = typeof import('../../node/index');
  const load = (): Promise<Package> => import(join(app, 'node_modules', 'pinpoint-export-job-sandbox', 'dist', 'index.js'));
  const failed = shippedJob('retail-app-failed.json');
  const extra = { ...failed, Id: 'feedfacefeedfacefeedfacefeedface', JobStatus: 'PROCESSING' as const };
  const tenant = { accessKeyId: 'AKIDPACKAGE', region: 'us-east-1' };

  it('seeds jobs all or nothing, and reset() brings back the start: its fixtures only, no tenant state', async () => {
    const { startSandbox, tenantHeaders } = await load();
    const signed = tenantHeaders(tenant);
    const sandbox = await startSandbox({ fixtures: [failed] });
    try {
      const get = (job: { ApplicationId: string; Id: string }) =>
        fetch(`${sandbox.url}${jobPath({ applicationId: job.ApplicationId, jobId: job.Id })}`);
      expect(sandbox.seeded).toBe(1);
      await expect(
        sandbox.seed([
          { ...extra, Id: 'bad id' },
          { ...extra, Id: 'abcabcabcabcabcabcabcabcabcabcab' },
        ]),
      ).rejects.toThrow(/jobs\[0\]: \$\.Id: /);
      expect((await get({ ...extra, Id: 'abcabcabcabcabcabcabcabcabcabcab' })).status).toBe(404); // the valid one of the batch was not written
      expect(await sandbox.seed([extra])).toBe(1);
      expect(await (await get(extra)).json()).toEqual(extra);
      const body = JSON.stringify({ RoleArn: 'arn:aws:iam::123456789012:role/E', S3UrlPrefix: 's3://bucket/p/' });
      const created = await fetch(`${sandbox.url}/v1/apps/${failed.ApplicationId}/jobs/export`, { method: 'POST', body, headers: signed });
      expect(created.status).toBe(202);
      const { Id } = (await created.json()) as { Id: string };
      expect(await sandbox.requests(tenant)).toHaveLength(1);
      await sandbox.reset();
      expect((await get(extra)).status).toBe(404);
      expect(await (await get(failed)).json()).toEqual(failed);
      expect((await fetch(`${sandbox.url}/v1/apps/${failed.ApplicationId}/jobs/export/${Id}`, { headers: signed })).status).toBe(404);
      expect(await sandbox.requests(tenant)).toHaveLength(1); // the GET just above: the journal started over
    } finally {
      await sandbox.stop();
    }
  });

  it('reset() restores a seeded job that seed() replaced to what the fixtures given at start said', async () => {
    const { startSandbox } = await load();
    const sandbox = await startSandbox({ fixtures: [failed] });
    try {
      const url = `${sandbox.url}${jobPath({ applicationId: failed.ApplicationId, jobId: failed.Id })}`;
      const replaced = { ...extra, Id: failed.Id };
      expect(await sandbox.seed([replaced])).toBe(1);
      expect(await (await fetch(url)).json()).toEqual(replaced);
      await sandbox.reset();
      expect(await (await fetch(url)).json()).toEqual(failed);
    } finally {
      await sandbox.stop();
    }
  });

  it('keeps created jobs and seeded ones across a restart with persist, and nothing without it', async () => {
    const { startSandbox, tenantHeaders } = await load();
    const signed = tenantHeaders(tenant);
    const persist = mkdtempSync(join(work, 'persist-'));
    const body = JSON.stringify({ RoleArn: 'arn:aws:iam::123456789012:role/E', S3UrlPrefix: 's3://bucket/p/' });
    const first = await startSandbox({ persist, fixtures: [extra] });
    const created = await fetch(`${first.url}/v1/apps/${failed.ApplicationId}/jobs/export`, { method: 'POST', body, headers: signed });
    const { Id } = (await created.json()) as { Id: string };
    await first.stop();
    for (const [options, status] of [
      [{ persist }, 200],
      [{}, 404],
    ] as const) {
      const again = await startSandbox(options);
      try {
        expect((await fetch(`${again.url}/v1/apps/${failed.ApplicationId}/jobs/export/${Id}`, { headers: signed })).status).toBe(status);
        expect((await fetch(`${again.url}${jobPath({ applicationId: extra.ApplicationId, jobId: extra.Id })}`)).status).toBe(status);
      } finally {
        await again.stop();
      }
    }
  });

  it('refuses bad options before starting anything', async () => {
    const { startSandbox, SandboxError } = await load();
    await expect(startSandbox({ port: 70_000 })).rejects.toThrow(SandboxError);
    await expect(startSandbox({ port: 1.5 })).rejects.toThrow(/port must be a whole number from 0 to 65535, not 1.5/);
    await expect(startSandbox({ fixtures: ['/no/such/dir'] })).rejects.toThrow(/no such fixtures file or folder: \/no\/such\/dir/);
    await expect(startSandbox({ fixtures: [{ ...failed, JobStatus: 'DONE' } as never] })).rejects.toThrow(
      /jobs\[0\]: \$\.JobStatus: must be one of/,
    );
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

/** The URL the CLI prints once it answers; rejects if it exits first. */
function readyUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const url = /ready on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code) => reject(new Error(`the CLI exited with ${code}:\n${output}`)));
  });
}
