// What a bucket holds for one tenant at one instant: the objects of every export that names
// the bucket in its S3UrlPrefix, among the seeded jobs (every caller's) and the tenant's own
// created jobs, each job as GetExportJob would answer it then (piecesOf), less what the
// tenant deleted. Nothing is stored but the deletes: the objects are derived, and their bytes
// generated when asked (src/exports/).
import { type EndpointResponse, endpointsOfExport } from '../../exports/endpoint-schema';
import { type ExportJob, pieceLines } from '../../exports/generate';
import { gzipStream, measure } from '../../exports/object';
import { type Piece, parseS3Url, piecesOf } from '../../exports/pieces';
import { jobAtStage, stageAt } from '../../harness/lifecycle';
import { Invalid } from '../../invalid';
import { TtlCache } from '../../jobs/cache';
import { asCreated, lifeOf } from '../../jobs/created';
import type { ExportJobResponse } from '../../jobs/schema';
import { type Call, tenantOf } from '../call';
import { seededEndpoints, seededJobs } from '../seeded';

/** One object of a bucket: the export's job, the piece it is, and when it was written. */
export interface ExportObject {
  job: ExportJob;
  piece: Piece;
  lastModifiedMs: number;
  explicit?: readonly EndpointResponse[]; // the application's endpoints a fixture gives, else generated
}

/** The jobs a tenant sees at `now`, as GetExportJob answers them: every seeded job, and its created ones that exist by then. */
async function visibleJobs(call: Call, bucket: string, now: number): Promise<ExportJobResponse[]> {
  const tenant = tenantOf(call);
  const [listing, created] = await Promise.all([call.runtime.fixtures.listAll(), tenant.state.inBucket(bucket, now, tenant.bounds())]);
  const standing = created.flatMap((row) => {
    const life = lifeOf(row);
    const stage = stageAt(life, now);
    return stage ? [jobAtStage(asCreated(row), life, stage)] : [];
  });
  return [...seededJobs(listing).map(({ job }) => job), ...standing];
}

/** The bucket's objects for the caller at `now`, in no order; null when no job it sees exports to the bucket (NoSuchBucket). */
export async function bucketObjects(call: Call, bucket: string, now: number): Promise<ExportObject[] | null> {
  const tenant = tenantOf(call);
  const [jobs, deleted] = await Promise.all([visibleJobs(call, bucket, now), tenant.state.deletedKeys(bucket, tenant.bounds())]);
  const hidden = new Set(deleted);
  const inBucket = jobs.flatMap((job) => {
    const location = parseS3Url(job.Definition.S3UrlPrefix);
    return location instanceof Invalid || location.bucket !== bucket ? [] : [{ job, location }];
  });
  const applications = [...new Set(inBucket.map(({ job }) => job.ApplicationId))];
  const fixtures = new Map(
    await Promise.all(applications.map(async (id) => [id, seededEndpoints(await call.runtime.fixtures.endpoints(id))] as const)),
  );
  const objects: ExportObject[] = [];
  for (const { job, location } of inBucket) {
    const fixture = fixtures.get(job.ApplicationId);
    const explicit = fixture ? (endpointsOfExport(fixture, job.Definition.SegmentId) ?? []) : undefined;
    const lastModifiedMs = Date.parse(job.CompletionDate ?? job.CreationDate);
    const exported: ExportJob = {
      ApplicationId: job.ApplicationId,
      Id: job.Id,
      CreationDate: job.CreationDate,
      ...(job.Definition.SegmentId === undefined ? {} : { SegmentId: job.Definition.SegmentId }),
    };
    for (const piece of piecesOf(job, location, job.Id)) {
      if (!hidden.has(piece.key)) objects.push({ job: exported, piece, lastModifiedMs, ...(explicit ? { explicit } : {}) });
    }
  }
  return inBucket.length > 0 ? objects : null;
}

/** An object's gzip bytes, generated as they are read. */
export const objectBytes = ({ job, piece, explicit }: ExportObject): ReadableStream<Uint8Array> =>
  gzipStream(pieceLines(job, piece, explicit));

/** Sizes and ETags this isolate has measured of generated objects: a pure function of the job and
 *  the piece, so they never go stale (objects of explicit endpoints, at most MAX_FIXTURE_ENDPOINTS
 *  lines, follow their fixture and are measured each time); kept so that listing and reading an object costs one pass, not one a request. */
const measured = new TtlCache<{ size: number; etag: string }>(3_600_000, 10_000);

/** An object's size and quoted-MD5 ETag: one pass over its bytes, the first time it is asked. */
export async function measureObject(object: ExportObject): Promise<{ size: number; etag: string }> {
  const { job, piece } = object;
  const key = JSON.stringify([
    job.ApplicationId,
    job.Id,
    job.CreationDate,
    job.SegmentId ?? null,
    piece.index,
    piece.firstLine,
    piece.lines,
  ]);
  if (object.explicit) return measure(objectBytes(object));
  const now = Date.now();
  const known = measured.get(key, now);
  if (known) return known;
  const found = await measure(objectBytes(object));
  measured.set(key, found, now);
  return found;
}
