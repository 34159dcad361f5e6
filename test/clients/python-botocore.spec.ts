// The README's Python hook, run as it stands by boto3 against the running sandbox: the
// harness headers it adds reach the Worker, botocore retries the injected throttling as it
// would Pinpoint's, and the journal shows each attempt. Skipped, with one line saying why,
// where no Python has boto3.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adminClient } from '../../node/admin-client';
import { s3UrlOf } from '../../node/s3-endpoint';
import { runProcess } from '../support/run-process';
import { jobWithStatus, sandboxUrl } from './pinpoint';
import { PYTHON_ENV, python } from './python';
import { seededExport } from './s3';

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
    const run = await runProcess(python as string, ['-c', readmeHook() + CALL, job.ApplicationId, job.Id], {
      timeoutMs: 100_000, // only a hang: the test allows 120 s
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

// boto3's S3 client given only the endpoint: it lists with encoding-type=url (its default) and
// URL-decodes the keys, pages on, downloads each object, and the app gunzips and parses it.
const S3_FLOW = `
import boto3, gzip, json, sys
s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1')
pages = s3.get_paginator('list_objects_v2').paginate(Bucket=sys.argv[2], Prefix=sys.argv[3], PaginationConfig={'PageSize': 3})
keys = [o['Key'] for page in pages for o in page.get('Contents', [])]
lines = []
for key in keys:
    body = s3.get_object(Bucket=sys.argv[2], Key=key)['Body'].read()
    lines += [json.loads(line) for line in gzip.decompress(body).decode('utf-8').splitlines()]
print(json.dumps({'keys': keys, 'lines': len(lines), 'ids': len({l['Id'] for l in lines}), 'apps': sorted({l['ApplicationId'] for l in lines})}))
`;

describe.skipIf(!python)('boto3’s S3 client on the sandbox’s S3 API', () => {
  it('lists a completed export (encoding-type=url, paged), downloads and parses every object: TotalProcessed lines', async () => {
    const { job, bucket, folder, parts } = seededExport();
    const accessKeyId = 'AKIDPYTHONS3';
    const run = await runProcess(python as string, ['-c', S3_FLOW, s3UrlOf(sandboxUrl()), bucket, folder], {
      timeoutMs: 100_000,
      env: { ...PYTHON_ENV, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: 'python-secret' },
    });
    expect(run.status, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout) as { keys: string[]; lines: number; ids: number; apps: string[] };
    expect(answer.keys).toEqual(parts.map((part) => `${folder}${part}`));
    expect(answer.lines).toBe(job.TotalProcessed);
    expect(answer.ids).toBe(job.TotalProcessed);
    expect(answer.apps).toEqual([job.ApplicationId]);

    const { entries } = await adminClient(sandboxUrl()).requests({ accessKeyId, region: 'us-east-1' });
    const lists = entries.filter((e) => e.operation === 'ListObjectsV2');
    expect(lists.length).toBe(Math.ceil((job.TotalPieces as number) / 3));
    expect(lists.every((e) => e.status === 200 && /[?&]encoding-type=url(&|$)/.test(e.query))).toBe(true);
    expect(entries.filter((e) => e.operation === 'GetObject').map((e) => e.status)).toEqual(answer.keys.map(() => 200));
  }, 120_000);
});
