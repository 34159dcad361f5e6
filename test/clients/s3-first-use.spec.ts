// What a new user of the S3 API meets first, through the official SDKs: an S3Client given the
// sandbox's URL without /_s3 is told where S3 is; an S3Client configured from the app's
// PinpointClient (s3ClientConfig) reads that client's tenant's exports in its region, and one
// signed for another region is told which tenant it read; the journal's filter takes S3's
// operation names, in its types too.
import { ListObjectsV2Command, NoSuchBucket, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { adminClient } from '../../node/admin-client';
import { s3ClientConfig } from '../../node/aws-sdk';
import { pinpointClient, sandboxUrl } from './pinpoint';
import { credentialsOf, exportedJob, s3Failure } from './s3';

const WAIT = 60_000; // a one-second life, polled: a busy machine makes this slower, never red

describe('an S3Client given the sandbox’s URL, without /_s3', () => {
  it('fails with S3’s InvalidRequest saying where the S3 API is, not an XML parse error', async () => {
    const s3 = new S3Client({
      endpoint: sandboxUrl(),
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: credentialsOf('AKIDNOMOUNT'),
    });
    const failure = await s3Failure(s3.send(new ListObjectsV2Command({ Bucket: 'acme-pinpoint-exports' })));
    expect(failure.error).toBeInstanceOf(S3ServiceException);
    expect(failure).toMatchObject({ name: 'InvalidRequest', status: 400 });
    expect((failure.error as Error).message).toContain(`its S3 API is at ${sandboxUrl()}/_s3`);
  });
});

describe('s3ClientConfig from the app’s PinpointClient, in eu-west-1', () => {
  it('reads the export of the job that client created: TotalProcessed lines; another region is another tenant, and says so', {
    timeout: WAIT,
  }, async () => {
    const accessKeyId = 'AKIDEUWEST';
    const job = await exportedJob(
      accessKeyId,
      'duration=1; outcome=COMPLETED; pieces=2; endpoints=10',
      's3://eu-exports/app/',
      'eu-west-1',
    );
    const { client: pinpoint } = pinpointClient({}, { region: 'eu-west-1', credentials: credentialsOf(accessKeyId) });
    const s3 = new S3Client(s3ClientConfig(sandboxUrl(), pinpoint));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'eu-exports', Prefix: `app/${job.Id}/` }));
    expect(listed.Contents?.length).toBe(2);

    const elsewhere = new S3Client(s3ClientConfig(sandboxUrl(), { region: 'us-east-1', credentials: credentialsOf(accessKeyId) }));
    const failure = await s3Failure(elsewhere.send(new ListObjectsV2Command({ Bucket: 'eu-exports' })));
    expect(failure.error).toBeInstanceOf(NoSuchBucket);
    expect((failure.error as Error).message).toContain(`for tenant ${accessKeyId}/us-east-1`);

    const tenant = { accessKeyId, region: 'eu-west-1' };
    const { entries } = await adminClient(sandboxUrl()).requests(tenant, { operation: 'ListObjectsV2' });
    expect(entries.map((e) => [e.operation, e.status])).toEqual([['ListObjectsV2', 200]]);
  });
});
