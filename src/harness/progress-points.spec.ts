// A progression at exact instants: counters, totals and Failures as a client reads them, and
// what x-mock-applied says of the stage.
import { describe, expect, it } from 'vitest';
import type { ExportJobResponse } from '../jobs/schema';
import { progress } from './progress';
import type { Progression } from './progression-header';

const JOB: ExportJobResponse = {
  ApplicationId: 'app',
  Id: 'job1',
  JobStatus: 'COMPLETED',
  CreationDate: '2020-01-01T00:00:00.000Z',
  Type: 'EXPORT',
  Definition: { RoleArn: 'arn:aws:iam::123456789012:role/E', S3UrlPrefix: 's3://bucket/exports' },
};
const START = Date.UTC(2026, 0, 1);
const life = (outcome: Progression['outcome'], pieces = 10, endpoints = 1000): Progression => ({
  start: START,
  durationMs: 700,
  outcome,
  pieces,
  endpoints,
});
const at = (p: Progression, ms: number, job = JOB) => {
  const { json, applied } = progress(job, JSON.stringify(job), p, START + ms, false);
  return { job: JSON.parse(json as string) as ExportJobResponse, applied };
};

describe('a progression at an instant', () => {
  it('halfway through, is PROCESSING with its counters at the share of processing done (0.3 of 0.7)', () => {
    const { job, applied } = at(life('COMPLETED'), 350);
    expect(applied).toEqual(['progression=PROCESSING 50%']);
    expect(job).toMatchObject({ JobStatus: 'PROCESSING', TotalPieces: 10, CompletedPieces: 4, FailedPieces: 0, TotalProcessed: 428 });
    expect(job.CompletionDate).toBeUndefined();
  });

  it('in its last tenth, is closing toward its outcome', () => {
    expect(at(life('COMPLETED'), 650).applied).toEqual(['progression=COMPLETING 92%']);
    expect(at(life('FAILED'), 650).job.JobStatus).toBe('FAILING');
    expect(at(life('CANCELLED'), 650).job.JobStatus).toBe('CANCELLING');
  });

  it.each([
    ['COMPLETED', 10, 1000, { CompletedPieces: 10, FailedPieces: 0, TotalProcessed: 1000, TotalFailures: 0 }],
    ['CANCELLED', 10, 1000, { CompletedPieces: 5, FailedPieces: 0, TotalProcessed: 500, TotalFailures: 0 }],
    ['FAILED', 10, 1000, { CompletedPieces: 8, FailedPieces: 2, TotalProcessed: 1000, TotalFailures: 200 }],
    ['FAILED', 3, 7, { CompletedPieces: 2, FailedPieces: 1, TotalProcessed: 7, TotalFailures: 2 }],
  ] as const)('ends %s (%i pieces, %i endpoints) with its totals', (outcome, pieces, endpoints, totals) => {
    const { job, applied } = at(life(outcome, pieces, endpoints), 700);
    expect(applied).toEqual([`progression=${outcome} 100%`]);
    expect(job).toMatchObject({ JobStatus: outcome, TotalPieces: pieces, ...totals, CompletionDate: '2026-01-01T00:00:00.700Z' });
    expect(job.Failures?.length ?? 0).toBe(Math.min(100, totals.TotalFailures));
  });

  it('lists the failed parts under the S3 prefix, one slash between, as S3 would refuse them', () => {
    // 3 pieces, 7 endpoints: one failed piece, part-00000, whose two endpoints failed.
    const expected = [1, 2].map(
      (n) =>
        `Failed to write endpoint ${n} of part-00000 to s3://bucket/exports/job1/part-00000.gz: Access Denied (Service: Amazon S3; Status Code: 403)`,
    );
    expect(at(life('FAILED', 3, 7), 700).job.Failures).toEqual(expected);
    const slashed = { ...JOB, Definition: { ...JOB.Definition, S3UrlPrefix: 's3://bucket/exports/' } };
    expect(at(life('FAILED', 3, 7), 700, slashed).job.Failures).toEqual(expected);
  });
});
