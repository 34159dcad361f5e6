// What a bucket holds for one tenant at one instant: the objects of every export that names
// the bucket in its S3UrlPrefix, among the seeded jobs (every caller's) and the tenant's own
// created jobs, each job as GetExportJob would answer it then (piecesOf), less what the
// tenant deleted. Nothing is stored but the deletes: the objects are derived, and their bytes
// generated when first asked, then kept (the isolate's ObjectCache, and the Cache API).
//
// A request reads only the part of the bucket it names (a BucketScope): one export's folder for
// an object, the folders under a listing's prefix. Seeded jobs are found through seeding's bucket
// index (jobs/kv-key.ts), the tenant's through its `bucket` column, in one Durable Object call;
// nothing of another bucket, folder or application is read. A job whose stored value is
// invalid fails the requests whose scope holds it, and only those.
import { type EndpointResponse, endpointsOfExport } from '../../exports/endpoint-schema';
import { type ExportJob, pieceLines } from '../../exports/generate';
import { gzipStream, type Measured, measure } from '../../exports/object';
import { ObjectCache, objectKeyOf } from '../../exports/object-cache';
import { type ExportLocation, type Piece, parseS3Url, piecesOf } from '../../exports/pieces';
import { Invalid } from '../../invalid';
import { standingAt } from '../../jobs/created';
import type { ExportJobResponse } from '../../jobs/schema';
import { OBJECT_CACHE_MAX_OBJECT_BYTES } from '../../limits';
import type { BucketView } from '../../tenants/tenant-state';
import { type Call, tenantOf } from '../call';
import { seededEndpoints, seededIndex, seededJob } from '../seeded';

/** One object of a bucket: the export's job, the piece it is, when it was written, and the key its bytes are kept under. */
export interface ExportObject {
  job: ExportJob;
  piece: Piece;
  lastModifiedMs: number;
  explicit?: readonly EndpointResponse[]; // the application's endpoints a fixture gives, else generated
  cacheKey: string;
}

/** The part of a bucket a request reads: one export's folder (`<prefix><job Id>/`: an object's
 *  operations), or every key under a prefix (a listing; '' for the whole bucket). */
export type BucketScope = { folder: string; jobId: string } | { prefix: string };

/** The folders whose jobs a scope reads start with this: a key under a listing's prefix lies in a
 *  folder that starts with the prefix, or in the one folder the prefix ends inside of (a key's
 *  part after its folder, `part-NNNNN.gz`, holds no "/"). */
const folderPrefixOf = (scope: BucketScope): string =>
  'folder' in scope ? scope.folder : scope.prefix.slice(0, scope.prefix.lastIndexOf('/') + 1);

/** Whether keys of `folder` can fall in the scope. */
const inScope = (folder: string, scope: BucketScope): boolean =>
  'folder' in scope ? folder === scope.folder : folder.startsWith(scope.prefix) || scope.prefix.startsWith(folder);

interface Located {
  job: ExportJobResponse;
  location: ExportLocation;
}

/** `job` with where it exports, when that is in `bucket` and in the scope. */
function locate(job: ExportJobResponse, bucket: string, scope: BucketScope): Located | null {
  const location = parseS3Url(job.Definition.S3UrlPrefix);
  if (location instanceof Invalid || location.bucket !== bucket || !inScope(`${location.prefix}${job.Id}/`, scope)) return null;
  return { job, location };
}

/** The seeded jobs of the scope, through the bucket index; a job that cannot be read throws its 500. */
async function seededIn(call: Call, bucket: string, scope: BucketScope, now: number): Promise<Located[]> {
  const { fixtures } = call.runtime;
  const indexed = seededIndex(await fixtures.bucketIndex(bucket, folderPrefixOf(scope), now)).filter((entry) =>
    inScope(entry.folder, scope),
  );
  const lookups = await Promise.all(indexed.map((entry) => fixtures.find(entry.ref, now)));
  return lookups.flatMap((lookup) => {
    const record = seededJob(lookup);
    const located = record && locate(record.job, bucket, scope);
    return located ? [located] : []; // an index line left by an earlier seed names a job no longer there
  });
}

/** Whether any seeded job exports to the bucket: asked only when the scope found none. A job that
 *  cannot be read counts: its line in the index says the bucket is its. */
async function seededBucketExists(call: Call, bucket: string, now: number): Promise<boolean> {
  const { fixtures } = call.runtime;
  for (const entry of seededIndex(await fixtures.bucketIndex(bucket, '', now))) {
    const lookup = await fixtures.find(entry.ref, now);
    if (lookup.kind === 'invalid' || lookup.kind === 'unavailable') return true;
    if (lookup.kind === 'found' && locate(lookup.record.job, bucket, { prefix: '' })) return true;
  }
  return false;
}

/** The created jobs of the scope as they stand at `now`. */
const createdIn = (view: BucketView, bucket: string, scope: BucketScope, now: number): Located[] =>
  view.jobs.flatMap((row) => {
    const job = standingAt(row, now);
    const located = job && locate(job, bucket, scope);
    return located ? [located] : [];
  });

/** The scope's objects for the caller at `now`, in no order; null when no job it sees exports to the bucket (NoSuchBucket). */
export async function bucketObjects(call: Call, bucket: string, scope: BucketScope, now: number): Promise<ExportObject[] | null> {
  const tenant = tenantOf(call);
  const jobId = 'jobId' in scope ? scope.jobId : null;
  const [seeded, view] = await Promise.all([
    seededIn(call, bucket, scope, now),
    tenant.state.bucketView(bucket, folderPrefixOf(scope), jobId, now, tenant.bounds()),
  ]);
  const inBucket = [...seeded, ...createdIn(view, bucket, scope, now)];
  if (inBucket.length === 0 && !view.inBucket && !(await seededBucketExists(call, bucket, now))) return null;
  return objectsOf(call, inBucket, new Set(view.deleted), now);
}

/** The seeded objects of `bucket` among `keys` (for a delete: the Durable Object adds the tenant's own). */
export async function seededKeysHeld(
  call: Call,
  bucket: string,
  keys: readonly string[],
  now: number,
): Promise<{ held: string[]; inBucket: boolean }> {
  const folders = new Map<string, string>();
  for (const key of keys) {
    const at = key.lastIndexOf('/') + 1;
    const folder = key.slice(0, at);
    const jobId = folder.slice(folder.lastIndexOf('/', folder.length - 2) + 1, -1);
    if (jobId) folders.set(folder, jobId);
  }
  const seeded = (await Promise.all([...folders].map(([folder, jobId]) => seededIn(call, bucket, { folder, jobId }, now)))).flat();
  const wanted = new Set(keys);
  const held = (await objectsOf(call, seeded, new Set(), now)).map((object) => object.piece.key).filter((key) => wanted.has(key));
  return { held, inBucket: seeded.length > 0 || (await seededBucketExists(call, bucket, now)) };
}

async function objectsOf(call: Call, jobs: readonly Located[], hidden: ReadonlySet<string>, now: number): Promise<ExportObject[]> {
  const applications = [...new Set(jobs.map(({ job }) => job.ApplicationId))];
  const fixtures = new Map(
    await Promise.all(applications.map(async (id) => [id, await call.runtime.fixtures.endpoints(id, now)] as const)),
  );
  const objects: ExportObject[] = [];
  for (const { job, location } of jobs) {
    const lookup = fixtures.get(job.ApplicationId);
    const fixture = lookup && seededEndpoints(lookup);
    const explicit = fixture ? (endpointsOfExport(fixture, job.Definition.SegmentId) ?? []) : undefined;
    const digest = lookup?.kind === 'found' ? lookup.digest : null;
    const lastModifiedMs = Date.parse(job.CompletionDate ?? job.CreationDate);
    const exported: ExportJob = {
      ApplicationId: job.ApplicationId,
      Id: job.Id,
      CreationDate: job.CreationDate,
      ...(job.Definition.SegmentId === undefined ? {} : { SegmentId: job.Definition.SegmentId }),
    };
    for (const piece of piecesOf(job, location, job.Id)) {
      if (hidden.has(piece.key)) continue;
      const cacheKey = objectKeyOf(exported, piece, digest);
      objects.push({ job: exported, piece, lastModifiedMs, cacheKey, ...(explicit ? { explicit } : {}) });
    }
  }
  return objects;
}

/** An object's gzip bytes, generated as they are read. */
export const objectBytes = ({ job, piece, explicit }: ExportObject): ReadableStream<Uint8Array> =>
  gzipStream(pieceLines(job, piece, explicit));

/** The objects this isolate has generated (exports/object-cache.ts: its bound is OBJECT_CACHE_BYTES). */
const generated = new ObjectCache();

/** Where the Cache API keeps an object: a URL of the Worker's own origin (a zone's cache keeps only its own). */
const cacheUrl = (call: Call, object: ExportObject): string => `${call.url.origin}/_s3-object-cache/${encodeURIComponent(object.cacheKey)}`;

/** An object's size, ETag and, unless it is larger than OBJECT_CACHE_MAX_OBJECT_BYTES, its bytes:
 *  from this isolate's cache, else the Cache API's (on Cloudflare, shared by the location's
 *  isolates), else generated in one pass and kept in both. */
export async function objectContent(call: Call, object: ExportObject): Promise<Measured> {
  const known = generated.get(object.cacheKey);
  if (known) return known;
  const shared = typeof caches === 'undefined' ? undefined : (caches as unknown as { default: Cache }).default;
  const url = cacheUrl(call, object);
  const kept = await shared?.match(url).catch(() => undefined);
  if (kept?.ok) {
    const bytes = new Uint8Array(await kept.arrayBuffer());
    const found = { size: bytes.length, etag: kept.headers.get('etag') ?? '', bytes };
    generated.set(object.cacheKey, found);
    return found;
  }
  const found = await measure(objectBytes(object), OBJECT_CACHE_MAX_OBJECT_BYTES);
  generated.set(object.cacheKey, found);
  if (shared && found.bytes) {
    const response = new Response(found.bytes, { headers: { etag: found.etag, 'cache-control': 'public, max-age=604800, immutable' } });
    call.ctx.waitUntil(shared.put(url, response).catch(() => undefined));
  }
  return found;
}
