// The installed CLI (installed-package.ts), started and stopped as a user does: the sample jobs
// it serves unless told otherwise, every refusal of bad input before starting anything, and
// the package's smoke test passing against it with several isolates.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { workerdProcesses } from '../../node/processes';
import { freePort } from '../../scripts/loopback';
import { jobPath } from '../../src/routes/table';
import { shippedJob } from '../support/fixtures';
import { runProcess } from '../support/run-process';
import { type InstalledPackage, installedPackage, npmCommand, PACKAGE } from './installed-package';
import { tempDirs } from './temp-dirs';

let pkg: InstalledPackage;
beforeAll(async () => {
  pkg = await installedPackage();
});
const tempDir = tempDirs('package-cli');
const cli = (...args: string[]) => runProcess(pkg.bin, args, { timeoutMs: 60_000 });
const start = (...args: string[]) => spawn(pkg.bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });

const failed = shippedJob('retail-app-failed.json');
const completed = shippedJob('retail-app-completed.json'); // the README's example job
const pathOf = (job: { ApplicationId: string; Id: string }) => jobPath({ applicationId: job.ApplicationId, jobId: job.Id });

/** Stops the CLI with `signal` and resolves with its exit code. */
async function stopCli(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill(signal);
  return exited;
}

describe('the installed CLI', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('serves the sample jobs it ships, prints its URL, and stops on %s', async (signal) => {
    const child = start('--port', '0');
    const { url, line } = await ready(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(line).toMatch(/ready on \S+ \(12 sample job\(s\) seeded from .*fixtures; --fixtures seeds yours instead;/);
    for (const job of [failed, completed]) {
      const answer = await fetch(`${url}${pathOf(job)}`);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual(job);
    }
    for (const [file, type] of [
      ['/', /^text\/html/],
      ['/app.js', /^text\/javascript/],
      ['/sandbox.css', /^text\/css/],
      ['/openapi.json', /^application\/json/],
    ] as const) {
      const asset = await fetch(`${url}${file}`, { headers: { accept: 'text/html' } }); // the landing page and what it loads
      expect([asset.status, asset.headers.get('content-type')], file).toEqual([200, expect.stringMatching(type)]);
    }
    expect(await stopCli(child, signal)).toBe(0); // what Ctrl-C sends it in a terminal, or what a CI runner sends
    await expect(fetch(`${url}${pathOf(failed)}`)).rejects.toThrow(); // nothing left listening
  });

  // npx runs it as npm exec → sh -c → node: a SIGTERM to npm exec ends its sh, not the CLI,
  // which must notice that its parent chain broke (node/lifeline.mjs) and stop by itself.
  it('run through npx, stops when npx alone is sent SIGTERM, leaving nothing listening', async () => {
    const [node, npm] = npmCommand();
    const npx = spawn(node, [...npm, 'exec', '--offline', '--', 'pinpoint-export-job-sandbox', '--port', '0', '--no-fixtures'], {
      cwd: pkg.app,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { url } = await ready(npx);
    npx.kill('SIGTERM');
    // It goes within a moment; on a busy machine, a longer one: only the test's timeout ends the wait.
    while (
      await fetch(`${url}/`).then(
        () => true,
        () => false,
      )
    )
      await new Promise((resolve) => setTimeout(resolve, 200));
  });

  // A CLI whose standard input is a pipe stops once it closes: how the pytest plugin, holding
  // the only other end, takes it down when pytest is killed.
  it('stops once its standard input, a pipe, is closed', async () => {
    const child = spawn(pkg.bin, ['--port', '0', '--no-fixtures'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const { url } = await ready(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin?.end();
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('stops cleanly on %s sent while it is still starting', async (signal) => {
    const child = start('--port', '0');
    await new Promise<void>((resolve) => {
      let output = '';
      child.stdout?.on('data', (chunk) => {
        output += chunk;
        if (output.includes(': starting')) resolve();
      });
    });
    expect(await stopCli(child, signal)).toBe(0); // neither killed by the signal nor left running: stopped
  });

  it.each([
    ['--fixtures DIR seeds that folder’s jobs instead of the samples', () => ['--fixtures', ownFixtures()], /1 job\(s\) seeded from /, 200],
    ['--no-fixtures seeds none', () => ['--no-fixtures'], /no seeded jobs \(--no-fixtures\)/, 404],
  ])('%s, and says so when ready', async (_, args, said, failedStatus) => {
    const child = start('--port', '0', ...args());
    try {
      const { url, line } = await ready(child);
      expect(line).toMatch(said);
      expect((await fetch(`${url}${pathOf(completed)}`)).status).toBe(404); // a sample job, not among them
      expect((await fetch(`${url}${pathOf(failed)}`)).status).toBe(failedStatus);
    } finally {
      await stopCli(child);
    }
  });

  /** A folder with one fixture, the FAILED job's. */
  function ownFixtures(): string {
    const dir = tempDir();
    cpSync('fixtures/retail-app-failed.json', join(dir, 'failed.json'));
    return dir;
  }

  it('prints its version, and help that names only what a package user has', async () => {
    const version = await cli('--version');
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(pkg.packageDir, 'package.json'), 'utf8')).version);
    const help = await cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--no-fixtures/);
    expect(help.stdout).toMatch(/--version/);
    expect(help.stdout).toMatch(/default: the sample jobs the package ships/);
    expect(help.stdout).not.toMatch(/npm run/);
  });

  // Every refusal of the argument parser is in node/cli-args.spec.ts; these check that the command exits with it.
  it.each([
    [['--bogus'], 2, /unknown option --bogus/],
    [['--port', '70000'], 2, /--port takes a whole number from 0 to 65535, not "70000"/],
    [['--fixtures', 'x', '--no-fixtures'], 2, /--fixtures and --no-fixtures do not go together/],
    [['--fixtures', '/no/such/fixtures'], 1, /no such fixtures file or folder: \/no\/such\/fixtures/],
    // Never bound: each fails locally at once, before anything starts.
    [['--port', '0', '--host', '999.1.1.1'], 1, /cannot listen on 999\.1\.1\.1: not an IP address or a name this machine resolves/],
    [['--port', '0', '--host', '10.255.255.1'], 1, /cannot listen on 10\.255\.255\.1: it is not an address of this machine/],
  ])('refuses %j, naming the problem in one line, with exit code %i', async (args, code, message) => {
    const result = await cli(...args);
    expect(result.status).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace
    expect(result.stdout).not.toMatch(/ready on/);
  });

  it('refuses invalid fixtures, naming every problem by file and JSON path, and starts nothing', async () => {
    const dir = tempDir();
    cpSync('fixtures/retail-app-failed.json', join(dir, 'a.json'));
    writeFileSync(join(dir, 'b.json'), '[{"Id":"x y"}]');
    const result = await cli('--fixtures', dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/b\.json: \$\[0\]\.Id: /);
    expect(result.stderr).toMatch(/b\.json: \$\[0\]\.ApplicationId: is required but missing/);
    expect(result.stdout).not.toMatch(/ready on/);
  });

  it('never answers without its fixtures: the first answer on its port already has them', async () => {
    const port = await freePort();
    const child = spawn(pkg.bin, ['--port', String(port)], { stdio: 'ignore' });
    try {
      let first: Response | undefined;
      while (!first && child.exitCode === null) {
        first = await fetch(`http://127.0.0.1:${port}${pathOf(failed)}`).catch(() => undefined); // not listening yet
        if (!first) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(first?.status).toBe(200);
    } finally {
      await stopCli(child);
    }
  });

  it('exits 1, saying so, when the Workers runtime under it dies', async () => {
    const child = start('--port', '0');
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    await ready(child);
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
      const result = await cli('--port', String(port));
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    } finally {
      taken.close();
    }
  });
});

/** The URL the CLI prints once it answers, and that line; rejects if it exits first. */
function ready(child: ChildProcess): Promise<{ url: string; line: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const found = /^.*ready on (http:\/\/\S+).*$/m.exec(output);
      if (found) resolve({ url: found[1] as string, line: found[0] });
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code) => reject(new Error(`the CLI exited with ${code}:\n${output}`)));
  });
}

// The smoke test as the package exports it (pinpoint-export-job-sandbox/smoke, on the app's own
// AWS SDK), against the installed CLI running four isolates, as the hosted URL spreads requests.
it('passes its own smoke test, imported from the installed package, against the CLI with --isolates 4', async () => {
  const child = start('--port', '0', '--isolates', '4');
  try {
    const { url } = await ready(child);
    const script = `import { smokeTable, smokeTest } from '${PACKAGE}/smoke';
const report = await smokeTest(process.argv[1]);
console.log(smokeTable(report));
process.exit(report.passed ? 0 : 1);`;
    const result = await runProcess(process.execPath, ['--input-type=module', '-e', script, url], { cwd: pkg.app, timeoutMs: 120_000 });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\| a created job's life \| passed \|[\s\S]*all 10 checks passed/);
  } finally {
    expect(await stopCli(child)).toBe(0);
  }
});
