// Other S3 tools on the sandbox's S3 API, as they are configured out of the box, given only the
// endpoint and credentials (no configuration file of this machine): Debian's s3cmd, whose
// default bucket_location `US` is answered as S3 answers a wrong region (it signs again for
// the region named), and rclone. Each lists and downloads a completed export, whose files
// gunzip to its lines. Skipped, with one line saying why, where a tool is absent (.ci/run
// installs Debian's s3cmd and rclone).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { s3UrlOf } from '../../node/s3-endpoint';
import { runProcess } from '../support/run-process';
import { sandboxUrl } from './pinpoint';
import { linesOf, seededExport } from './s3';

const found = (command: string) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
const s3cmd = found('s3cmd');
const rclone = found('rclone');
if (!s3cmd) console.log('s3cmd tests skipped: no `s3cmd` on PATH (apt-get install s3cmd)');
if (!rclone) console.log('rclone tests skipped: no `rclone` on PATH (apt-get install rclone)');

const { job, bucket, folder, parts: PARTS } = seededExport();
const temp = mkdtempSync(join(tmpdir(), 'sandbox-s3-tools-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A tool run with nothing of this machine's environment but PATH: its HOME is the test's folder. */
async function run(command: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const ran = await runProcess(command, args, { timeoutMs: 100_000, env: { PATH: process.env.PATH, HOME: temp, ...env } }); // the timeout: only a hang
  expect(ran.status, `${command} ${args.join(' ')}: ${ran.stderr}`).toBe(0);
  return ran.stdout;
}

const linesIn = (into: string) => readdirSync(into).flatMap((file) => linesOf(readFileSync(join(into, file))));

describe.skipIf(!s3cmd)('s3cmd, its bucket_location left at its default (US)', { timeout: 120_000 }, () => {
  // s3cmd takes the endpoint as a host, which may carry the mount's path; without %(bucket)s in
  // --host-bucket it goes path-style.
  const hostOf = () => s3UrlOf(sandboxUrl()).replace(/^http:\/\//, '');
  const s3cmdRun = (...args: string[]) =>
    run('s3cmd', [
      '-c',
      '/dev/null',
      '--access_key=AKIDS3CMD',
      '--secret_key=any',
      `--host=${hostOf()}`,
      `--host-bucket=${hostOf()}`,
      '--no-ssl',
      ...args,
    ]);

  it('ls lists the export’s objects, after signing again for the region the sandbox names', async () => {
    const listed = (await s3cmdRun('ls', `s3://${bucket}/${folder}`))
      .trim()
      .split('\n')
      .map((line) => line.split('/').at(-1));
    expect(listed).toEqual(PARTS);
  });

  it('get downloads every object; they hold TotalProcessed lines', async () => {
    const into = join(temp, 's3cmd');
    mkdirSync(into);
    await s3cmdRun('get', '--recursive', `s3://${bucket}/${folder}`, `${into}/`);
    expect(readdirSync(into).sort()).toEqual(PARTS);
    expect(linesIn(into)).toHaveLength(job.TotalProcessed as number);
  });
});

describe.skipIf(!rclone)('rclone, an s3 remote of provider Other', { timeout: 120_000 }, () => {
  const remote = () => ({
    RCLONE_CONFIG: '/dev/null',
    RCLONE_CONFIG_SANDBOX_TYPE: 's3',
    RCLONE_CONFIG_SANDBOX_PROVIDER: 'Other',
    RCLONE_CONFIG_SANDBOX_ENDPOINT: s3UrlOf(sandboxUrl()),
    RCLONE_CONFIG_SANDBOX_ACCESS_KEY_ID: 'AKIDRCLONE',
    RCLONE_CONFIG_SANDBOX_SECRET_ACCESS_KEY: 'any',
  });

  it('ls lists the export’s objects; copy downloads them, TotalProcessed lines; check finds no difference', async () => {
    const source = `sandbox:${bucket}/${folder}`;
    const listed = (await run('rclone', ['ls', source], remote()))
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).at(-1));
    expect(listed).toEqual(PARTS);
    const into = join(temp, 'rclone');
    await run('rclone', ['copy', source, into], remote());
    expect(readdirSync(into).sort()).toEqual(PARTS);
    expect(linesIn(into)).toHaveLength(job.TotalProcessed as number);
    await run('rclone', ['check', source, into], remote());
  });
});
