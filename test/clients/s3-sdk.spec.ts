// An export's objects through the official @aws-sdk/client-s3, configured as the package says
// (s3ClientConfig): create a job with client-pinpoint, poll it until it ends, then list, download,
// gunzip and parse what it wrote; tenancy, S3's errors as the SDK models them, ranges,
// conditional GETs, deletes, paging, and the harness under the SDK's own retries.
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { adminClient } from '../../node/admin-client';
import { s3HarnessCommand, withS3Harness } from '../../node/aws-sdk';
import type { JournalEntry } from '../../src/tenants/schema';
import { FIXTURE_JOBS, sandboxUrl } from './pinpoint';
import { APP, exportedJob, linesOf, partNames, s3As, s3Failure } from './s3';

const LIFE = 'duration=1; outcome=COMPLETED; pieces=3; endpoints=250';
const WAIT = 60_000; // the job's one-second life, polled: a busy machine makes this slower, never red

/** A completed export of its own for this test: its tenant's key, bucket, keys and client. */
async function ownExport(accessKeyId: string, bucket: string, life = LIFE) {
  const job = await exportedJob(accessKeyId, life, `s3://${bucket}/app/`);
  const s3 = s3As(accessKeyId);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `app/${job.Id}/` }));
  const keys = (listed.Contents ?? []).map((o) => o.Key as string);
  return { job, s3, listed, keys, bucket };
}

const bytesOf = async (output: { Body?: { transformToByteArray(): Promise<Uint8Array> } }) =>
  (await output.Body?.transformToByteArray()) ?? new Uint8Array();

describe('a completed export through @aws-sdk/client-s3', () => {
  it('lists one .gz object per piece, each gunzips to EndpointResponse lines, TotalProcessed in all', { timeout: WAIT }, async () => {
    const { job, s3, listed, keys, bucket } = await ownExport('AKIDS3FLOW', 'sdk-flow');
    expect(job).toMatchObject({ JobStatus: 'COMPLETED', TotalPieces: 3, TotalProcessed: 250 });
    expect(keys).toEqual(partNames(3).map((part) => `app/${job.Id}/${part}`));
    expect(listed.KeyCount).toBe(3);
    expect(listed.IsTruncated).toBe(false);
    const ids = new Set<string>();
    let lines = 0;
    for (const object of listed.Contents ?? []) {
      const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
      const body = await bytesOf(output);
      expect(output.ETag).toBe(object.ETag);
      expect(output.ETag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(output.ContentLength).toBe(object.Size);
      expect(body.byteLength).toBe(object.Size);
      expect(output.LastModified?.toISOString()).toBe(object.LastModified?.toISOString());
      for (const endpoint of linesOf(body)) {
        expect(endpoint.ApplicationId).toBe(APP);
        ids.add(endpoint.Id as string);
        lines++;
      }
    }
    expect(lines).toBe(job.TotalProcessed);
    expect(ids.size).toBe(lines); // ids unique across the export
  });

  it('serves the same bytes, and ETag, every time: the export is a function of the job', { timeout: WAIT }, async () => {
    const { s3, keys, bucket } = await ownExport('AKIDS3SAME', 'sdk-same');
    const first = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: keys[0] }));
    const again = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: keys[0] }));
    expect(await bytesOf(again)).toEqual(await bytesOf(first));
    expect(again.ETag).toBe(first.ETag);
  });

  it('lists a seeded completed job’s export to any caller', async () => {
    const seeded = FIXTURE_JOBS.find((j) => j.JobStatus === 'COMPLETED' && j.ApplicationId === APP);
    const [, bucket, prefix] = /^s3:\/\/([^/]+)\/(.*)$/.exec(seeded?.Definition.S3UrlPrefix as string) ?? [];
    const listed = await s3As('AKIDS3ANYONE').send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}${seeded?.Id}/` }));
    expect(listed.Contents?.length).toBe(seeded?.TotalPieces);
  });
});

describe('where the bucket is', () => {
  it('GetBucketLocation and HeadBucket name the region of the client’s tenant: eu-west-1, and us-east-1 as S3 answers it', {
    timeout: WAIT,
  }, async () => {
    const job = await exportedJob('AKIDS3WHERE', LIFE, 's3://sdk-where/app/', 'eu-west-1');
    expect(job.JobStatus).toBe('COMPLETED');
    const inIreland = s3As('AKIDS3WHERE', { region: 'eu-west-1' });
    expect((await inIreland.send(new GetBucketLocationCommand({ Bucket: 'sdk-where' }))).LocationConstraint).toBe('eu-west-1');
    expect((await inIreland.send(new HeadBucketCommand({ Bucket: 'sdk-where' }))).BucketRegion).toBe('eu-west-1');
    const seeded = s3As('AKIDS3WHERE'); // us-east-1: a seeded export's bucket, seen by every tenant
    const bucket = /^s3:\/\/([^/]+)\//.exec(FIXTURE_JOBS[0]?.Definition.S3UrlPrefix ?? '')?.[1];
    expect((await seeded.send(new GetBucketLocationCommand({ Bucket: bucket }))).LocationConstraint ?? '').toBe('');
  });
});

describe('tenancy', () => {
  it('another key never lists, reads or deletes the objects: NoSuchBucket, NoSuchKey', { timeout: WAIT }, async () => {
    const { keys, bucket } = await ownExport('AKIDS3OWNER', 'sdk-tenancy');
    const other = s3As('AKIDS3STRANGER');
    const list = await s3Failure(other.send(new ListObjectsV2Command({ Bucket: bucket })));
    expect(list.error).toBeInstanceOf(NoSuchBucket);
    expect(list.status).toBe(404);
    const get = await s3Failure(other.send(new GetObjectCommand({ Bucket: bucket, Key: keys[0] })));
    expect(get.name).toMatch(/^NoSuch(Bucket|Key)$/);
    // A created job's objects in a bucket the other key sees (the seeded jobs' bucket): NoSuchKey.
    const seededBucket = 'acme-pinpoint-exports';
    const { job } = await ownExport('AKIDS3OWNER2', seededBucket);
    const key = `app/${job.Id}/part-00000.gz`;
    expect((await s3As('AKIDS3OWNER2').send(new HeadObjectCommand({ Bucket: seededBucket, Key: key }))).ETag).toBeDefined();
    const hidden = await s3Failure(other.send(new GetObjectCommand({ Bucket: seededBucket, Key: key })));
    expect(hidden.error).toBeInstanceOf(NoSuchKey);
    await other.send(new DeleteObjectCommand({ Bucket: seededBucket, Key: key })); // 204, as S3 says for any key
    expect((await s3As('AKIDS3OWNER2').send(new HeadObjectCommand({ Bucket: seededBucket, Key: key }))).ETag).toBeDefined();
  });
});

describe('S3 errors as the SDK models them', () => {
  it('a key that is not there is NoSuchKey (404) with S3’s message and a request id', async () => {
    const failure = await s3Failure(
      s3As('AKIDS3ERR').send(new GetObjectCommand({ Bucket: 'acme-pinpoint-exports', Key: 'no/such/key.gz' })),
    );
    expect(failure.error).toBeInstanceOf(NoSuchKey);
    expect(failure.status).toBe(404);
    expect((failure.error as NoSuchKey).message).toBe('The specified key does not exist.');
    expect((failure.error as NoSuchKey).$metadata.requestId).toBeTruthy();
  });

  it('a bucket no job exports to is NoSuchBucket', async () => {
    const failure = await s3Failure(s3As('AKIDS3ERR').send(new ListObjectsV2Command({ Bucket: 'never-exported-to' })));
    expect(failure.error).toBeInstanceOf(NoSuchBucket);
  });
});

describe('ranges and conditional GETs', () => {
  it('a range is 206 with its Content-Range; past the end is InvalidRange (416)', { timeout: WAIT }, async () => {
    const { s3, keys, bucket, listed } = await ownExport('AKIDS3RANGE', 'sdk-range');
    const Key = keys[0];
    const size = listed.Contents?.[0]?.Size as number;
    const whole = await bytesOf(await s3.send(new GetObjectCommand({ Bucket: bucket, Key })));
    const part = await s3.send(new GetObjectCommand({ Bucket: bucket, Key, Range: 'bytes=10-19' }));
    expect(part.$metadata.httpStatusCode).toBe(206);
    expect(part.ContentRange).toBe(`bytes 10-19/${size}`);
    expect(await bytesOf(part)).toEqual(whole.slice(10, 20));
    const tail = await s3.send(new GetObjectCommand({ Bucket: bucket, Key, Range: 'bytes=-7' }));
    expect(await bytesOf(tail)).toEqual(whole.slice(size - 7));
    const beyond = await s3Failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key, Range: `bytes=${size}-` })));
    expect(beyond).toMatchObject({ name: 'InvalidRange', status: 416 });
  });

  it('IfNoneMatch the ETag is 304 NotModified; IfMatch another is 412 PreconditionFailed', { timeout: WAIT }, async () => {
    const { s3, keys, bucket, listed } = await ownExport('AKIDS3COND', 'sdk-cond');
    const Key = keys[0];
    const etag = listed.Contents?.[0]?.ETag as string;
    const notModified = await s3Failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key, IfNoneMatch: etag })));
    // A 304 has no body, as S3's: the SDK throws its nameless error with the status, as it does for S3.
    expect(notModified).toMatchObject({ status: 304, code: undefined });
    const head = await s3Failure(s3.send(new HeadObjectCommand({ Bucket: bucket, Key, IfNoneMatch: etag })));
    expect(head).toMatchObject({ status: 304 });
    const failed = await s3Failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key, IfMatch: '"0123456789abcdef0123456789abcdef"' })));
    expect(failed).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    const matched = await s3.send(new GetObjectCommand({ Bucket: bucket, Key, IfMatch: etag }));
    expect(matched.$metadata.httpStatusCode).toBe(200);
  });
});

describe('deletes', () => {
  it('DeleteObject and DeleteObjects take objects out of the owner’s listing and reads', { timeout: WAIT }, async () => {
    const { s3, keys, bucket, job } = await ownExport('AKIDS3DEL', 'sdk-delete');
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: keys[0] }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect((await s3Failure(s3.send(new GetObjectCommand({ Bucket: bucket, Key: keys[0] })))).error).toBeInstanceOf(NoSuchKey);
    const many = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: keys[1] }, { Key: 'app/not-there.gz' }] } }),
    );
    expect(many.Deleted?.map((d) => d.Key).sort()).toEqual([keys[1], 'app/not-there.gz'].sort());
    expect(many.Errors ?? []).toEqual([]);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `app/${job.Id}/` }));
    expect(left.Contents?.map((o) => o.Key)).toEqual([keys[2]]);
  });

  it('DeleteObjects reads keys as the SDK escapes them (a line feed, U+2028 as character references) and names them back', async () => {
    const seeded = FIXTURE_JOBS.find((j) => j.JobStatus === 'COMPLETED' && j.ApplicationId === APP);
    const [, bucket] = /^s3:\/\/([^/]+)\//.exec(seeded?.Definition.S3UrlPrefix as string) ?? [];
    const odd = ['app/line one\nline two.gz', 'app/separator\u2028here.gz', 'app/a & <b>.gz'];
    const answer = await s3As('AKIDS3ODDKEYS').send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: odd.map((Key) => ({ Key })) } }),
    );
    expect(answer.Deleted?.map((d) => d.Key).sort()).toEqual([...odd].sort());
  });

  it('deleting a seeded job’s object changes only the deleting tenant’s view', async () => {
    const seeded = FIXTURE_JOBS.find((j) => j.JobStatus === 'COMPLETED' && j.ApplicationId === APP);
    const [, bucket, prefix] = /^s3:\/\/([^/]+)\/(.*)$/.exec(seeded?.Definition.S3UrlPrefix as string) ?? [];
    const Key = `${prefix}${seeded?.Id}/part-00000.gz`;
    await s3As('AKIDS3SEEDDEL').send(new DeleteObjectCommand({ Bucket: bucket, Key }));
    expect((await s3Failure(s3As('AKIDS3SEEDDEL').send(new HeadObjectCommand({ Bucket: bucket, Key })))).status).toBe(404);
    expect((await s3As('AKIDS3SEEDKEEP').send(new HeadObjectCommand({ Bucket: bucket, Key }))).ContentLength).toBeGreaterThan(0);
  });
});

describe('paging', () => {
  it('MaxKeys 1 through the SDK’s paginator gives every key once, in order; a delimiter folds the job folder', {
    timeout: WAIT,
  }, async () => {
    const { s3, keys, bucket, job } = await ownExport('AKIDS3PAGE', 'sdk-page', 'duration=1; outcome=COMPLETED; pieces=4; endpoints=40');
    const pages = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 1 }, { Bucket: bucket, Prefix: 'app/' })) pages.push(page);
    expect(pages.map((p) => p.Contents?.map((o) => o.Key))).toEqual(keys.map((k) => [k]));
    expect(pages.slice(0, -1).every((p) => p.IsTruncated && p.NextContinuationToken)).toBe(true);
    const folded = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'app/', Delimiter: '/' }));
    expect(folded.CommonPrefixes?.map((p) => p.Prefix)).toEqual([`app/${job.Id}/`]);
    expect(folded.Contents ?? []).toEqual([]);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: bucket, StartAfter: keys[1] }));
    expect(after.Contents?.map((o) => o.Key)).toEqual(keys.slice(2));
  });
});
describe('the harness on S3, under the SDK’s retries', () => {
  it('x-mock-error SlowDown for 2 attempts: the SDK retries and succeeds; the journal shows the 3 attempts', {
    timeout: WAIT,
  }, async () => {
    const { s3, keys, bucket } = await ownExport('AKIDS3RETRY', 'sdk-retry');
    const since = Date.now();
    const command = s3HarnessCommand(new GetObjectCommand({ Bucket: bucket, Key: keys[0] }), { error: 'SlowDown', errorAttempts: 2 });
    const output = await s3.send(command);
    expect(output.$metadata.attempts).toBe(3);
    expect(linesOf(await bytesOf(output)).length).toBeGreaterThan(0);
    const tenant = { accessKeyId: 'AKIDS3RETRY', region: 'us-east-1' };
    let gets: JournalEntry[] = [];
    while (gets.length < 3) {
      const journal = await adminClient(sandboxUrl()).requests(tenant, { since }); // entries land a few ms after their answers
      gets = journal.entries.filter((e) => e.operation === 'GetObject');
    }
    expect(gets.map((e) => e.status)).toEqual([503, 503, 200]);
  });

  it('an injected error the SDK does not retry surfaces as S3’s code, on every call of a client', { timeout: WAIT }, async () => {
    const s3 = withS3Harness(s3As('AKIDS3DENIED', { maxAttempts: 1 }), { error: 'AccessDenied', errorMessage: 'injected' });
    const failure = await s3Failure(s3.send(new ListObjectsV2Command({ Bucket: 'acme-pinpoint-exports' })));
    expect(failure).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect((failure.error as Error).message).toBe('injected');
  });
});
