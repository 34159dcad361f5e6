// Which S3 operation a request under the S3 mount is, pure: path-style addressing
// (`/{bucket}`, `/{bucket}/`, `/{bucket}/{key…}`), the method, and the subresource in the query.
// The operations the sandbox serves are a table; any other thing S3 does is NotImplemented
// (501) and a method S3 has no operation for is MethodNotAllowed (405), so that no request
// under the mount ever gets anything but S3's XML errors.
import { bucketNameProblem } from './bucket-name';
import { S3Error } from './errors';

export const S3_OPERATIONS = [
  'ListObjectsV2',
  'ListObjects',
  'HeadBucket',
  'GetBucketLocation',
  'GetObject',
  'HeadObject',
  'DeleteObject',
  'DeleteObjects',
] as const;
export type S3Operation = (typeof S3_OPERATIONS)[number];

/** A request, resolved: the operation, its bucket, and its key for an object operation. */
export interface S3Request {
  operation: S3Operation;
  bucket: string;
  key?: string;
}

/** The methods S3 has operations for (served here or not); any other is a 405. */
const S3_VERBS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];

/** Query parameters that make a request another S3 operation (ACLs, tagging, uploads, versions, …). */
// biome-ignore format: a list of names
export const SUBRESOURCES: ReadonlySet<string> = new Set([
  'accelerate', 'acl', 'analytics', 'attributes', 'cors', 'delete', 'encryption', 'intelligent-tiering', 'inventory',
  'legal-hold', 'lifecycle', 'location', 'logging', 'metadataTable', 'metrics', 'notification', 'object-lock',
  'ownershipControls', 'partNumber', 'policy', 'policyStatus', 'publicAccessBlock', 'renameObject', 'replication',
  'requestPayment', 'restore', 'retention', 'select', 'session', 'tagging', 'torrent', 'uploadId', 'uploads', 'versioning',
  'versions', 'website',
]);

/** What the sandbox serves: by the request's level, method and subresource ('' for none). */
const SERVED: Record<'bucket' | 'object', Record<string, S3Operation>> = {
  bucket: { 'GET ': 'ListObjects', 'HEAD ': 'HeadBucket', 'GET location': 'GetBucketLocation', 'POST delete': 'DeleteObjects' },
  object: { 'GET ': 'GetObject', 'HEAD ': 'HeadObject', 'DELETE ': 'DeleteObject' },
};

/** The methods of the operations the sandbox serves: the mount's Allow. */
export const S3_SERVED_METHODS: readonly string[] = [
  ...new Set(Object.values(SERVED).flatMap((served) => Object.keys(served).map((at) => at.split(' ')[0] as string))),
];

/** S3's longest key, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;

/** `method` on `path` (what follows the mount, still percent-encoded) with `params`: the operation, or S3's error. */
export function resolveS3Request(method: string, path: string, params: URLSearchParams): S3Request | S3Error {
  const verb = method.toUpperCase();
  if (!S3_VERBS.includes(verb)) return new S3Error('MethodNotAllowed', undefined, { Method: verb, ResourceType: 'OBJECT' });
  const [, rawBucket = '', rawKey = ''] = /^\/([^/?]*)(?:\/(.*))?$/s.exec(path) ?? [];
  if (!rawBucket) return new S3Error('NotImplemented', 'ListBuckets and account-level operations are not implemented by this sandbox.');
  const bucket = decode(rawBucket);
  const key = decode(rawKey);
  if (bucket === null || key === null) return new S3Error('InvalidURI');
  const badName = bucketNameProblem(bucket);
  if (badName) return new S3Error('InvalidBucketName', `The specified bucket is not valid: ${badName}.`, { BucketName: bucket });
  if (new TextEncoder().encode(key).length > MAX_KEY_BYTES) return new S3Error('KeyTooLongError', undefined, { Key: key });
  const subresources = [...params.keys()].filter((name) => SUBRESOURCES.has(name));
  const level = key ? 'object' : 'bucket';
  const served = subresources.length <= 1 ? SERVED[level][`${verb} ${subresources[0] ?? ''}`] : undefined;
  if (!served) {
    const what = subresources.length ? `?${subresources.join('&')}` : level;
    return new S3Error('NotImplemented', `${verb} on ${what} is not implemented by this sandbox.`);
  }
  const operation = served === 'ListObjects' && params.get('list-type') === '2' ? 'ListObjectsV2' : served;
  return key ? { operation, bucket, key } : { operation, bucket };
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
