// The S3 operations the sandbox serves over the exports, one handler each, from one table: the
// request already resolved (src/s3/operation.ts) to its operation, bucket and key. Each reads
// the bucket as the caller sees it at the request's instant (x-mock-now, or now) and answers
// in S3's shape; every error is thrown as an S3Failure and rendered as S3's XML by the router.

import { sliceBytes } from '../../exports/object';
import { parsePieceKey } from '../../exports/pieces';
import { tenantName } from '../../gateway/credential';
import { breakBody } from '../../harness/fault';
import { type Fault, parseHarness } from '../../harness/parse';
import { appliedNow } from '../../harness/progress';
import { ApiError, type ErrorName } from '../../http/errors';
import { type Reply, TENANT_HEADER } from '../../http/reply';
import { Invalid } from '../../invalid';
import { TENANT_MAX_DELETED_OBJECTS } from '../../limits';
import { deleteResultXml, parseDeleteRequest } from '../../s3/delete';
import { findS3Error, S3Error } from '../../s3/errors';
import { listObjects, listXml, parseListQuery } from '../../s3/list';
import { bucketRegion, locationXml } from '../../s3/location';
import { answerObject } from '../../s3/object-headers';
import type { S3Operation, S3Request } from '../../s3/operation';
import { type Call, tenantOf } from '../call';
import { applyHarness } from '../harness';
import { type BucketScope, bucketObjects, type ExportObject, objectBytes, objectContent, seededKeysHeld } from './bucket';
import { asS3Failure, S3Failure, s3Headers, XML_TYPE } from './failure';

/** What an S3 handler is given: the call, its resolved request, and its harness headers read. */
export interface S3Call {
  call: Call;
  target: S3Request;
  now: number;
}

type S3Handler = (s3: S3Call) => Promise<Reply>;

const fail = (error: S3Error, headers?: Record<string, string>): never => {
  throw new S3Failure(error, headers);
};

const reply = ({ call }: S3Call, status: number, body: BodyInit | null, headers: Record<string, string> = {}): Reply => ({
  status,
  body,
  headers: { ...s3Headers(call.requestId), ...headers },
});

// The tenant is the key id and region of the S3 client's signature: a client signed for another
// region than the app's Pinpoint client reads another tenant, so the answers that come of that say whose view they are.
const noSuchBucket = ({ call, target }: S3Call): never =>
  fail(
    new S3Error(
      'NoSuchBucket',
      `The specified bucket does not exist for tenant ${tenantName(call.credential)}: no seeded job and no job this tenant created exports to it. The tenant is the access key id and region the request is signed with; sign as the Pinpoint client that created the job.`,
      { BucketName: target.bucket },
    ),
  );

/** The objects of the part of the bucket `scope` names, as the caller sees them, or NoSuchBucket naming the tenant it was read for. */
async function objectsOf(s3: S3Call, scope: BucketScope): Promise<ExportObject[]> {
  return (await bucketObjects(s3.call, s3.target.bucket, scope, s3.now)) ?? noSuchBucket(s3);
}

/** The object the request names, read by its key alone, or NoSuchKey (NoSuchBucket first). */
async function objectOf(s3: S3Call): Promise<ExportObject> {
  const key = s3.target.key as string;
  const named = parsePieceKey(key);
  const scope: BucketScope = named ? { folder: named.folder, jobId: named.jobId } : { prefix: key }; // no export holds such a key: the bucket is still checked
  const found = (await objectsOf(s3, scope)).find((object) => object.piece.key === key);
  return found ?? fail(new S3Error('NoSuchKey', undefined, { Key: key }));
}

async function list(s3: S3Call): Promise<Reply> {
  const { bucket } = s3.target;
  const query = parseListQuery(s3.call.url.searchParams, bucket);
  if (query instanceof S3Error) return fail(query);
  const objects = await objectsOf(s3, { prefix: query.prefix });
  const unmeasured = objects.map((object) => ({ key: object.piece.key, size: 0, etag: '', lastModifiedMs: object.lastModifiedMs }));
  const page = listObjects(unmeasured, query);
  // Only the page's objects are measured: a listing at max-keys 1 costs one object's pass, not the bucket's.
  const byKey = new Map(objects.map((object) => [object.piece.key, object]));
  const contents = await Promise.all(
    page.contents.map(async (listed) => {
      const { size, etag } = await objectContent(s3.call, byKey.get(listed.key) as ExportObject);
      return { ...listed, size, etag };
    }),
  );
  const tenant = { [TENANT_HEADER]: tenantName(s3.call.credential) }; // a listing has no message: an empty one says whose view it is here
  return reply(s3, 200, listXml(bucket, query, { ...page, contents }), { 'content-type': XML_TYPE, ...tenant });
}

/** The region of a bucket the caller sees (its tenant's), or NoSuchBucket. */
async function regionOf(s3: S3Call): Promise<string> {
  await objectsOf(s3, { prefix: '' });
  return bucketRegion(s3.call.credential);
}

const headBucket = async (s3: S3Call): Promise<Reply> => reply(s3, 200, null, { 'x-amz-bucket-region': await regionOf(s3) });

const getBucketLocation = async (s3: S3Call): Promise<Reply> =>
  reply(s3, 200, locationXml(await regionOf(s3)), { 'content-type': XML_TYPE });

/** GetObject and HeadObject: the same headers; GetObject sends the bytes (or the range of them),
 *  from the kept bytes where the object is small enough to be kept. */
const readObject =
  (sendsBytes: boolean) =>
  async (s3: S3Call): Promise<Reply> => {
    const object = await objectOf(s3);
    const content = await objectContent(s3.call, object);
    const answer = answerObject(s3.call.request.headers, { size: content.size, etag: content.etag, lastModifiedMs: object.lastModifiedMs });
    if ('error' in answer) return fail(answer.error, answer.headers);
    const headers = { 'content-type': 'application/gzip', ...answer.headers };
    if (!sendsBytes || answer.bytes === null) return reply(s3, answer.status, null, answer.status === 304 ? answer.headers : headers);
    const { start, end } = answer.bytes;
    if (content.bytes) return reply(s3, answer.status, content.bytes.subarray(start, end + 1), headers);
    const bytes = answer.status === 206 ? sliceBytes(objectBytes(object), start, end) : objectBytes(object);
    return reply(s3, answer.status, fixedLength(bytes, end - start + 1), headers);
  };

/** Hides `keys` (those the bucket holds) from the caller's view, in one call to its tenant;
 *  NoSuchBucket when no job it sees exports to the bucket, SlowDown past the tenant's bound. */
async function hide(s3: S3Call, keys: readonly string[]): Promise<void> {
  const { bucket } = s3.target;
  const seeded = await seededKeysHeld(s3.call, bucket, keys, s3.now);
  const tenant = tenantOf(s3.call);
  const { full, inBucket } = await tenant.state.deleteHeld(bucket, keys, seeded.held, s3.now, TENANT_MAX_DELETED_OBJECTS, tenant.bounds());
  if (!inBucket && !seeded.inBucket) noSuchBucket(s3);
  if (full) {
    fail(
      new S3Error(
        'SlowDown',
        `This tenant has deleted ${TENANT_MAX_DELETED_OBJECTS} objects, the most it may; they come back when it is reset (POST /_sandbox/reset) or expires.`,
      ),
    );
  }
}

async function deleteObject(s3: S3Call): Promise<Reply> {
  await hide(s3, [s3.target.key as string]);
  return reply(s3, 204, null);
}

async function deleteObjects(s3: S3Call): Promise<Reply> {
  const request = parseDeleteRequest(s3.call.body);
  if (request instanceof S3Error) return fail(request);
  await hide(s3, request.keys);
  const xml = deleteResultXml(
    request.keys.map((key) => ({ key, deleted: true })),
    request.quiet,
  );
  return reply(s3, 200, xml, { 'content-type': XML_TYPE });
}

export const S3_HANDLERS: Record<S3Operation, S3Handler> = {
  ListObjectsV2: list,
  ListObjects: list,
  HeadBucket: headBucket,
  GetBucketLocation: getBucketLocation,
  GetObject: readObject(true),
  HeadObject: readObject(false),
  DeleteObject: deleteObject,
  DeleteObjects: deleteObjects,
};

/** Serves a request on the mount, resolved to `target`: its harness headers read (x-mock-now
 *  sets the instant the bucket is seen at), then the operation. */
export async function serveS3(call: Call, target: S3Request): Promise<Reply> {
  const harness = parseHarness(call.request.headers, call.runtime.settings.delayCapMs);
  if (harness instanceof Invalid) return fail(new S3Error('InvalidArgument', harness.message));
  if (harness.progression)
    return fail(new S3Error('InvalidArgument', 'x-mock-progression is for GetExportJob and CreateExportJob, not S3.'));
  const decision = await applyHarness(call, harness);
  if (decision.error) {
    const { name, message } = decision.error;
    // A status is S3's own error of that status (503 is SlowDown); a Pinpoint name, the S3 error of the same situation.
    const code =
      findS3Error(call.request.headers.get('x-mock-error')?.trim() ?? '') ?? asS3Failure(new ApiError(name as ErrorName)).error.code;
    throw new S3Failure(new S3Error(code, message), {}, decision.applied); // an injected error reads nothing
  }
  const now = harness.now ?? Date.now();
  let answer: Reply;
  try {
    answer = await S3_HANDLERS[target.operation]({ call, target, now });
  } catch (error) {
    const failure = asS3Failure(error);
    throw new S3Failure(failure.error, failure.headers, [...decision.applied, ...failure.applied]);
  }
  const applied = [...decision.applied, ...appliedNow(now, harness.now !== undefined)];
  if (!harness.fault || answer.status !== 200 || answer.body === null) return { ...answer, applied };
  return { ...breakAnswer(answer, harness.fault), applied: [...applied, `fault=${harness.fault}`] };
}

/** What a body fault keeps of an object's bytes: none, the first half, or all but the first byte (no gzip header). */
const OBJECT_FAULTS: Record<Fault, (size: number) => [start: number, end: number]> = {
  'empty-body': () => [0, -1],
  'truncated-json': (size) => [0, Math.floor(size / 2) - 1],
  'malformed-json': (size) => [1, size - 1],
};

/** A 200 broken as x-mock-fault asks: an XML document as Pinpoint's JSON is, an object's bytes cut. */
function breakAnswer(answer: Reply, fault: Fault): Reply {
  if (typeof answer.body === 'string') return { ...answer, body: breakBody(answer.body, fault) };
  const [start, end] = OBJECT_FAULTS[fault](Number(answer.headers['Content-Length']));
  const length = Math.max(0, end - start + 1);
  const headers = { ...answer.headers, 'Content-Length': String(length) };
  if (answer.body instanceof Uint8Array)
    return { ...answer, body: answer.body.subarray(start, start + length) as Uint8Array<ArrayBuffer>, headers };
  const source = answer.body as ReadableStream<Uint8Array>;
  if (length === 0) {
    void source.cancel();
    return { ...answer, body: '', headers };
  }
  return { ...answer, body: fixedLength(sliceBytes(source, start, end), length), headers };
}

/** A stream sent with a Content-Length, not chunked, as S3 sends objects; a client that goes away cancels the rest. */
function fixedLength(bytes: ReadableStream<Uint8Array>, length: number): ReadableStream<Uint8Array> {
  const fixed = new FixedLengthStream(length);
  void bytes.pipeTo(fixed.writable).catch(() => undefined);
  return fixed.readable;
}
