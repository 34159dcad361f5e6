import { describe, expect, it } from 'vitest';
import { adminClient } from '../../node/admin-client';
import { s3UrlOf } from '../../node/s3-endpoint';
import { runProcess } from '../support/run-process';
import { sandboxUrl } from './pinpoint';
import { PYTHON_ENV, python } from './python';
import { seededExport } from './s3';

// boto3's S3 client given only the endpoint: it lists with encoding-type=url (its default) and
// URL-decodes the keys, pages on, downloads each object, and the app gunzips and parses it; then
// asks where the bucket is, signed for two regions (boto3 reads S3's empty us-east-1 as None).
const S3_FLOW = `
import boto3, gzip, json, sys
s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1')
pages = s3.get_paginator('list_objects_v2').paginate(Bucket=sys.argv[2], Prefix=sys.argv[3], PaginationConfig={'PageSize': 3})
keys = [o['Key'] for page in pages for o in page.get('Contents', [])]
lines = []
for key in keys:
    body = s3.get_object(Bucket=sys.argv[2], Key=key)['Body'].read()
    lines += [json.loads(line) for line in gzip.decompress(body).decode('utf-8').splitlines()]
located = {r: boto3.client('s3', endpoint_url=sys.argv[1], region_name=r).get_bucket_location(Bucket=sys.argv[2])['LocationConstraint'] for r in ('us-east-1', 'eu-west-1')}
print(json.dumps({'keys': keys, 'lines': len(lines), 'ids': len({l['Id'] for l in lines}), 'apps': sorted({l['ApplicationId'] for l in lines}), 'located': located}))
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
    const answer = JSON.parse(run.stdout) as { keys: string[]; lines: number; ids: number; apps: string[]; located: unknown };
    expect(answer.keys).toEqual(parts.map((part) => `${folder}${part}`));
    expect(answer.lines).toBe(job.TotalProcessed);
    expect(answer.ids).toBe(job.TotalProcessed);
    expect(answer.apps).toEqual([job.ApplicationId]);
    expect(answer.located).toEqual({ 'us-east-1': null, 'eu-west-1': 'eu-west-1' });

    const { entries } = await adminClient(sandboxUrl()).requests({ accessKeyId, region: 'us-east-1' });
    const lists = entries.filter((e) => e.operation === 'ListObjectsV2');
    expect(lists.length).toBe(Math.ceil((job.TotalPieces as number) / 3));
    expect(lists.every((e) => e.status === 200 && /[?&]encoding-type=url(&|$)/.test(e.query))).toBe(true);
    expect(entries.filter((e) => e.operation === 'GetObject').map((e) => e.status)).toEqual(answer.keys.map(() => 200));
  }, 120_000);
});
