// A job created with CreateExportJob, as a tenant's Durable Object stores it, and the
// ExportJobResponse it is at any instant: its status is computed from its stored life and
// the clock by the same pure lifecycle as x-mock-progression, never written per transition.
import { jobAtStage, stageAt } from '../harness/lifecycle';
import type { Life, Progression } from '../harness/progression-header';
import { DEFAULT_CREATED_LIFE, PROGRESSION } from '../limits';
import type { ExportJobRequest, ExportJobResponse } from './schema';

/** One row of a tenant's jobs table (tenants/storage-schema.md). */
export interface CreatedJob extends Life {
  id: string;
  applicationId: string;
  segmentId: string | null;
  createdMs: number;
  definition: string; // the Definition's JSON, as sent less unknown members
}

/** A fresh job id: 32 lowercase hex characters, as Pinpoint's. */
export const newJobId = (): string => crypto.randomUUID().replaceAll('-', '');

/** A job about to be created: all but its life, which the tenant settles (its defaults, unless x-mock-progression gave one). */
export type JobDraft = Omit<CreatedJob, keyof Life>;

export function draftJob(id: string, applicationId: string, request: ExportJobRequest, now: number): JobDraft {
  const { RoleArn, S3UrlPrefix, SegmentId, SegmentVersion } = request;
  const definition = {
    RoleArn,
    S3UrlPrefix,
    ...(SegmentId === undefined ? {} : { SegmentId }),
    ...(SegmentVersion === undefined ? {} : { SegmentVersion }),
  };
  return { id, applicationId, segmentId: SegmentId ?? null, createdMs: now, definition: JSON.stringify(definition) };
}

/** The job as created: CREATED, nothing counted yet. */
export function asCreated(job: CreatedJob): ExportJobResponse {
  return {
    ApplicationId: job.applicationId,
    Id: job.id,
    JobStatus: 'CREATED',
    CreationDate: new Date(job.createdMs).toISOString(),
    Type: 'EXPORT',
    Definition: JSON.parse(job.definition) as ExportJobResponse['Definition'],
  };
}

/** Its life, starting at its creation. */
export const lifeOf = ({ createdMs, durationMs, outcome, pieces, endpoints }: CreatedJob): Progression => ({
  start: createdMs,
  durationMs,
  outcome,
  pieces,
  endpoints,
});

/** The life of a job created without x-mock-progression: the tenant's defaults over the built-in ones. */
export function defaultLife(defaults: { durationS?: number; outcome?: Life['outcome']; pieces?: number; endpoints?: number }): Life {
  const pieces = defaults.pieces ?? DEFAULT_CREATED_LIFE.pieces;
  return {
    durationMs: defaults.durationS === undefined ? DEFAULT_CREATED_LIFE.durationMs : Math.round(defaults.durationS * 1000),
    outcome: defaults.outcome ?? DEFAULT_CREATED_LIFE.outcome,
    pieces,
    endpoints: defaults.endpoints ?? pieces * PROGRESSION.endpointsPerPiece,
  };
}

/** The job as it stands at `now`, as GetExportJob answers it; null before it was created. The one
 *  place a created job's status is worked out for a listing or a bucket. */
export function standingAt(job: CreatedJob, now: number): ExportJobResponse | null {
  const life = lifeOf(job);
  const stage = stageAt(life, now);
  return stage ? jobAtStage(asCreated(job), life, stage) : null;
}
