// The S3 operations the sandbox serves over the exports, one handler each, from one table: the
// request already resolved (src/s3/operation.ts) to its operation, bucket and key. Each reads
// the bucket as the caller sees it at the request's instant (x-mock-now, or now) and answers
// in S3's shape; every error is thrown as an S3Failure and rendered as S3's XML by the router.

import { sliceBytes } from '../../exports/object';
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
import { answerObject } from '../../s3/object-headers';
import type { S3Operation, S3Request } from '../../s3/operation';
import { type Call, tenantOf } from '../call';
import { applyHarness } from '../pinpoint-operation';
import { bucketObjects, type ExportObject, measureObject, objectBytes } from './bucket';
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

/** The bucket's objects as the caller sees them, or NoSuchBucket naming the tenant it was read for. */
async function objectsOf({ call, target, now }: S3Call): Promise<ExportObject[]> {
  return (
    (await bucketObjects(call, target.bucket, now)) ?? fail(new S3Error('NoSuchBucket', noSuchBucket(call), { BucketName: target.bucket }))
  );
}

// The tenant is the key id and region of the S3 client's signature: a client signed for another
// region than the app's Pinpoint client reads another tenant, so the answers that come of that say whose view they are.
const noSuchBucket = ({ credential }: Call): string =>
  `The specified bucket does not exist for tenant ${tenantName(credential)}: no seeded job and no job this tenant created exports to it. The tenant is the access key id and region the request is signed with; sign as the Pinpoint client that created the job.`;

/** The object the request names, or NoSuchKey (NoSuchBucket first). */
async function objectOf(s3: S3Call): Promise<ExportObject> {
  const key = s3.target.key as string;
  const found = (await objectsOf(s3)).find((object) => object.piece.key === key);
  return found ?? fail(new S3Error('NoSuchKey', undefined, { Key: key }));
}

async function list(s3: S3Call): Promise<Reply> {
  const { bucket } = s3.target;
  const query = parseListQuery(new URL(s3.call.request.url).searchParams, bucket);
  if (query instanceof S3Error) return fail(query);
  const objects = await objectsOf(s3);
  const unmeasured = objects.map((object) => ({ key: object.piece.key, size: 0, etag: '', lastModifiedMs: object.lastModifiedMs }));
  const page = listObjects(unmeasured, query);
  // Only the page's objects are measured: a listing at max-keys 1 costs one object's pass, not the bucket's.
  const byKey = new Map(objects.map((object) => [object.piece.key, object]));
  const contents = await Promise.all(
    page.contents.map(async (listed) => ({ ...listed, ...(await measureObject(byKey.get(listed.key) as ExportObject)) })),
  );
  const tenant = { [TENANT_HEADER]: tenantName(s3.call.credential) }; // a listing has no message: an empty one says whose view it is here
  return reply(s3, 200, listXml(bucket, query, { ...page, contents }), { 'content-type': XML_TYPE, ...tenant });
}

async function headBucket(s3: S3Call): Promise<Reply> {
  await objectsOf(s3);
  return reply(s3, 200, null);
}

/** GetObject and HeadObject: the same headers; GetObject sends the bytes (or the range of them). */
const readObject =
  (sendsBytes: boolean) =>
  async (s3: S3Call): Promise<Reply> => {
    const object = await objectOf(s3);
    const { size, etag } = await measureObject(object);
    const answer = answerObject(s3.call.request.headers, { size, etag, lastModifiedMs: object.lastModifiedMs });
    if ('error' in answer) return fail(answer.error, answer.headers);
    const headers = { 'content-type': 'application/gzip', ...answer.headers };
    if (!sendsBytes || answer.bytes === null) return reply(s3, answer.status, null, answer.status === 304 ? answer.headers : headers);
    const { start, end } = answer.bytes;
    const bytes = answer.status === 206 ? sliceBytes(objectBytes(object), start, end) : objectBytes(object);
    return reply(s3, answer.status, fixedLength(bytes, end - start + 1), headers);
  };

/** Hides `keys` (those the bucket holds) from the caller's view; SlowDown past the tenant's bound. */
async function hide(s3: S3Call, objects: readonly ExportObject[], keys: readonly string[]): Promise<void> {
  const held = new Set(objects.map((object) => object.piece.key));
  const present = [...new Set(keys.filter((key) => held.has(key)))];
  if (present.length === 0) return;
  const tenant = tenantOf(s3.call);
  const { full } = await tenant.state.deleteKeys(s3.target.bucket, present, TENANT_MAX_DELETED_OBJECTS, tenant.bounds());
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
  await hide(s3, await objectsOf(s3), [s3.target.key as string]);
  return reply(s3, 204, null);
}

async function deleteObjects(s3: S3Call): Promise<Reply> {
  const request = parseDeleteRequest(s3.call.body);
  if (request instanceof S3Error) return fail(request);
  await hide(s3, await objectsOf(s3), request.keys);
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
  const source = answer.body as ReadableStream<Uint8Array>;
  const [start, end] = OBJECT_FAULTS[fault](Number(answer.headers['Content-Length']));
  const length = Math.max(0, end - start + 1);
  const headers = { ...answer.headers, 'Content-Length': String(length) };
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
