// Shared by the harness's property tests: a job to progress, any valid progression, and the
// job as it stands at an instant (what progress() serves, built without its memo).

import fc from 'fast-check';
import { type ExportLocation, type Piece, piecesOf } from '../../src/exports/pieces';
import { jobAtStage, stageAt } from '../../src/harness/lifecycle';
import { OUTCOMES, type Progression } from '../../src/harness/progression-header';
import type { ExportJobResponse } from '../../src/jobs/schema';

export const fixture: ExportJobResponse = {
  ApplicationId: 'a1fb24b2eae293674407a7f03207134c',
  Id: 'aa8fb77e57d1ca18d593e909729871fe',
  JobStatus: 'COMPLETED',
  CreationDate: '2020-01-01T00:00:00.000Z',
  CompletionDate: '2020-01-01T00:10:00.000Z',
  Type: 'EXPORT',
  Failures: ['old'],
  Definition: { RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: 's3://bucket/prefix/', SegmentId: 'seg' },
};

export const progressions = fc.record<Progression>({
  start: fc.integer({ min: 0, max: 4_000_000_000_000 }),
  durationMs: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: 31_536_000 }).map((s) => s * 1000),
    fc.integer({ min: 1, max: 100_000 }),
  ),
  outcome: fc.constantFrom(...OUTCOMES),
  pieces: fc.integer({ min: 1, max: 10_000 }),
  endpoints: fc.integer({ min: 1, max: 2_147_483_647 }),
});

/** The job as it stands at `now` under `p`, and how far through its life it is; null before it was created. */
export function jobAt(job: ExportJobResponse, p: Progression, now: number): { job: ExportJobResponse; elapsed: number } | null {
  const stage = stageAt(p, now);
  return stage && { job: jobAtStage(job, p, stage), elapsed: stage.elapsed };
}

/** The objects of `job`'s export at `now`, when the job lives the progression `p`; none before it exists. */
export function piecesAt(job: ExportJobResponse, p: Progression, now: number, location: ExportLocation): Piece[] {
  const stage = stageAt(p, now);
  return stage ? piecesOf(jobAtStage(job, p, stage), location, job.Id) : [];
}
