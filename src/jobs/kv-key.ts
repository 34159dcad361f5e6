// The KV key of a seeded job (tenants/storage-schema.md). Its IDs are checked before they get here.

/** A job's identity: the two labels of its path. */
export interface JobRef {
  applicationId: string;
  jobId: string;
}

export const JOB_KEY_PREFIX = 'job:';

export const jobKey = (ref: JobRef): string => `${JOB_KEY_PREFIX}${ref.applicationId}:${ref.jobId}`;

/** The job a key names: the inverse of jobKey, for keys that KV lists. */
export function refOfKey(key: string): JobRef {
  const [applicationId = '', jobId = ''] = key.slice(JOB_KEY_PREFIX.length).split(':');
  return { applicationId, jobId };
}

/** The KV key of an application's explicit endpoints (an endpoints fixture, src/exports/endpoint-schema.ts). */
export const ENDPOINTS_KEY_PREFIX = 'endpoints:';

export const endpointsKey = (applicationId: string): string => `${ENDPOINTS_KEY_PREFIX}${applicationId}`;

/** The bucket index: one key per seeded job, `bucket:{bucket}/{folder}{ApplicationId}`, where the
 *  folder is `{key prefix}{job Id}/`, the start of every key of the job's export. Seeding writes it
 *  beside the job; an S3 request lists it under its bucket and the folder (or the listing's
 *  prefix) it asks about, and reads those jobs alone. Neither id holds a "/", so the last one
 *  ends the folder. */
export const BUCKET_INDEX_PREFIX = 'bucket:';

/** A KV key's most bytes (Cloudflare's bound): a bucket index key longer than this cannot be seeded. */
export const MAX_KV_KEY_BYTES = 512;

export const bucketIndexPrefix = (bucket: string, keyPrefix: string): string => `${BUCKET_INDEX_PREFIX}${bucket}/${keyPrefix}`;

export const bucketIndexKey = (bucket: string, folder: string, applicationId: string): string =>
  `${bucketIndexPrefix(bucket, folder)}${applicationId}`;

/** A seeded job's export folder in `bucket`, as its index key names it. */
export interface IndexedExport {
  folder: string;
  ref: JobRef;
}

/** The export a key of `bucket`'s index names: the inverse of bucketIndexKey. */
export function indexedExportOf(key: string, bucket: string): IndexedExport {
  const rest = key.slice(bucketIndexPrefix(bucket, '').length);
  const cut = rest.lastIndexOf('/') + 1;
  const folder = rest.slice(0, cut);
  return { folder, ref: { applicationId: rest.slice(cut), jobId: folder.slice(folder.lastIndexOf('/', folder.length - 2) + 1, -1) } };
}
