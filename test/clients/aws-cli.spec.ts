// The AWS CLI on the sandbox's S3 API, given nothing but --endpoint-url and credentials in the
// environment (no config file of this machine): `aws s3 ls`, `aws s3 cp --recursive` and
// `aws s3 sync` of a completed export, whose files then gunzip to its lines. Skipped, with one
// line saying why, where the CLI is absent (.ci/run installs Debian's awscli).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { s3UrlOf } from '../../node/s3-endpoint';
import { runProcess } from '../support/run-process';
import { sandboxUrl } from './pinpoint';
import { linesOf, seededExport } from './s3';

const aws = ['aws', '/usr/bin/aws'].find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
if (!aws) console.log('AWS CLI tests skipped: no `aws` on PATH or at /usr/bin/aws (apt-get install awscli)');

const { job, bucket, folder, parts: PARTS } = seededExport();
const FOLDER = `s3://${bucket}/${folder}`;

const temp = mkdtempSync(join(tmpdir(), 'sandbox-aws-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** `aws s3 …` against the sandbox, reading no configuration of this machine. */
async function s3(...args: string[]): Promise<string> {
  const run = await runProcess(aws as string, ['s3', ...args, '--endpoint-url', s3UrlOf(sandboxUrl())], {
    timeoutMs: 100_000, // only a hang
    env: {
      PATH: process.env.PATH,
      HOME: temp, // the CLI's cache folder, removed with the rest
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
    },
  });
  expect(run.status, `aws s3 ${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

/** Every line of the export's files in `folder`, gunzipped and parsed. */
const linesIn = (folder: string) => readdirSync(folder).flatMap((file) => linesOf(readFileSync(join(folder, file))));

describe.skipIf(!aws)('the AWS CLI with --endpoint-url <sandbox>/_s3', { timeout: 120_000 }, () => {
  it('aws s3 ls lists the job’s folder, then each object with its size', async () => {
    expect(await s3('ls', `s3://${bucket}/${folder.slice(0, -job.Id.length - 1)}`)).toContain(`PRE ${job.Id}/`);
    const listed = (await s3('ls', FOLDER))
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).at(-1));
    expect(listed).toEqual(PARTS);
  });

  it('aws s3 cp --recursive downloads every object; they hold TotalProcessed lines', async () => {
    const into = join(temp, 'cp');
    await s3('cp', '--recursive', '--no-progress', FOLDER, into);
    expect(readdirSync(into).sort()).toEqual(PARTS);
    const lines = linesIn(into);
    expect(lines).toHaveLength(job.TotalProcessed as number);
    expect(new Set(lines.map((l) => l.ApplicationId))).toEqual(new Set([job.ApplicationId]));
  });

  it('aws s3 sync downloads the export, and a second sync finds nothing to do', async () => {
    const into = join(temp, 'sync');
    const first = await s3('sync', '--no-progress', FOLDER, into);
    expect(first.trim().split('\n')).toHaveLength(PARTS.length);
    expect(linesIn(into)).toHaveLength(job.TotalProcessed as number);
    expect((await s3('sync', '--no-progress', FOLDER, into)).trim()).toBe('');
  });
});
