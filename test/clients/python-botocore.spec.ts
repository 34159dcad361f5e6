// The README's Python hook, run as it stands by boto3 against the running sandbox: the
// harness headers it adds reach the Worker, botocore retries the injected throttling as it
// would Pinpoint's, and the journal shows each attempt. Skipped, with one line saying why,
// where no Python has boto3.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adminClient } from '../../node/admin-client';
import { jobWithStatus, sandboxUrl } from './pinpoint';
import { PYTHON_ENV, python } from './python';

const readmeHook = () => {
  const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks).toHaveLength(1); // the hook this test runs is the one the README shows
  return blocks[0] as string;
};

// What the README leaves to the app: one call, and what it came back with.
const CALL = `
import json, sys
answer = pinpoint.get_export_job(ApplicationId=sys.argv[1], JobId=sys.argv[2])
print(json.dumps({'job': answer['ExportJobResponse'], 'retries': answer['ResponseMetadata']['RetryAttempts']}))
`;

describe.skipIf(!python)('boto3 with the README’s botocore hook', () => {
  it('meets two injected 429s, retries them as Pinpoint’s, and gets the job; the journal shows the three attempts', async () => {
    const job = jobWithStatus('COMPLETED');
    const accessKeyId = 'AKIDPYTHONHOOK';
    const run = spawnSync(python as string, ['-c', readmeHook() + CALL, job.ApplicationId, job.Id], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...PYTHON_ENV, PINPOINT_ENDPOINT: sandboxUrl(), AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: 'python-secret' },
    });
    expect(run.status, run.stderr).toBe(0);
    const { job: answered, retries } = JSON.parse(run.stdout) as { job: unknown; retries: number };
    expect(answered).toEqual(job);
    expect(retries).toBe(2);

    const { entries: journal } = await adminClient(sandboxUrl()).requests({ accessKeyId, region: 'us-east-1' });
    const attempts = journal.map((e) => [e.status, e.errorType, e.headers['amz-sdk-request']]);
    const attempt = (n: number) => expect.stringMatching(new RegExp(`^attempt=${n}(; max=\\d+)?$`)); // botocore 1.43 sends a first "attempt=1" without max
    expect(attempts).toEqual([
      [429, 'TooManyRequestsException', attempt(1)],
      [429, 'TooManyRequestsException', attempt(2)],
      [200, null, attempt(3)],
    ]);
  });
});
