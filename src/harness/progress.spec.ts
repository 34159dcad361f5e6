// progress() around a stage: no progression, a job not created yet, what x-mock-applied says
// of the clock and of a created job's life, and the JSON kept while the stage is the same.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExportJobResponse } from '../jobs/schema';
import { appliedLife, appliedNow, progress } from './progress';
import type { Progression } from './progression-header';

const JOB: ExportJobResponse = {
  ApplicationId: 'app',
  Id: 'job1',
  JobStatus: 'COMPLETED',
  CreationDate: '2020-01-01T00:00:00.000Z',
  Type: 'EXPORT',
  Definition: { RoleArn: 'arn:aws:iam::123456789012:role/E', S3UrlPrefix: 's3://bucket/exports' },
};
const JSON_OF_JOB = JSON.stringify(JOB);
const START = Date.UTC(2026, 0, 1);
// CREATED until 35 ms, PREPARING_FOR_INITIALIZATION until 70 ms: the counters stay 0 in both.
const life = (): Progression => ({ start: START, durationMs: 700, outcome: 'COMPLETED', pieces: 10, endpoints: 1000 });
const statusOf = (json: string | null) => (JSON.parse(json as string) as ExportJobResponse).JobStatus;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('what x-mock-applied says', () => {
  it('of the clock: the instant only when x-mock-now set it', () => {
    expect(appliedNow(START, true)).toEqual(['now=2026-01-01T00:00:00.000Z']);
    expect(appliedNow(START, false)).toEqual([]);
  });

  it('of a created job’s life: its duration in seconds, outcome, pieces and endpoints', () => {
    expect(appliedLife({ durationMs: 1500, outcome: 'FAILED', pieces: 3, endpoints: 7 })).toBe(
      'progression=1.5s FAILED, 3 pieces, 7 endpoints',
    );
  });
});

describe('progress', () => {
  it('without a progression, serves the job’s own JSON, saying only what x-mock-now set', () => {
    expect(progress(JOB, JSON_OF_JOB, undefined, START, false)).toEqual({ json: JSON_OF_JOB, applied: [] });
    expect(progress(JOB, JSON_OF_JOB, undefined, START, true)).toEqual({
      json: JSON_OF_JOB,
      applied: ['now=2026-01-01T00:00:00.000Z'],
    });
  });

  it('before the progression starts, serves no job and says so', () => {
    expect(progress(JOB, JSON_OF_JOB, life(), START - 1, true)).toEqual({
      json: null,
      applied: ['now=2025-12-31T23:59:59.999Z', 'progression=not-created-yet'],
    });
  });

  it('serves the same JSON within a stage, and another when the stage or the job changes', () => {
    const p = life();
    const first = progress(JOB, JSON_OF_JOB, p, START, false);
    const again = progress(JOB, JSON_OF_JOB, p, START + 30, false);
    expect(again).toEqual({ json: first.json, applied: ['progression=CREATED 4%'] });
    expect(statusOf(first.json)).toBe('CREATED');

    const later = progress(JOB, JSON_OF_JOB, p, START + 40, false);
    expect(statusOf(later.json)).toBe('PREPARING_FOR_INITIALIZATION');
    const other = { ...JOB, Id: 'job2' };
    const otherJob = progress(other, JSON.stringify(other), p, START + 40, false);
    expect(JSON.parse(otherJob.json as string)).toMatchObject({ Id: 'job2', JobStatus: 'PREPARING_FOR_INITIALIZATION' });
  });
});
