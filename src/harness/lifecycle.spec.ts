import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fixture, jobAt, progressions } from '../../test/support/arbitraries';
import { type ExportJobResponse, ExportJobResponseSchema, JOB_STATUSES } from '../jobs/schema';
import { MAX_FAILURES } from '../limits';
import { failedPieceIndex, stageAt } from './lifecycle';
import { OUTCOMES } from './progression-header';

const ORDER: Record<string, string[]> = {
  COMPLETED: ['CREATED', 'PREPARING_FOR_INITIALIZATION', 'INITIALIZING', 'PROCESSING', 'COMPLETING', 'COMPLETED'],
  FAILED: ['CREATED', 'PREPARING_FOR_INITIALIZATION', 'INITIALIZING', 'PROCESSING', 'FAILING', 'FAILED'],
  CANCELLED: ['CREATED', 'PREPARING_FOR_INITIALIZATION', 'INITIALIZING', 'PROCESSING', 'CANCELLING', 'CANCELLED'],
};

/** A progression and two instants around it, earlier first. */
const cases = progressions.chain((p) =>
  fc
    .tuple(
      fc.integer({ min: p.start - 1000, max: p.start + p.durationMs + 1000 }),
      fc.integer({ min: p.start - 1000, max: p.start + p.durationMs + 1000 }),
    )
    .map(([a, b]) => ({ p, earlier: Math.min(a, b), later: Math.max(a, b) })),
);

describe('the job lifecycle', () => {
  it('does not exist before start', () => {
    fc.assert(
      fc.property(progressions, (p) => {
        expect(jobAt(fixture, p, p.start - 1)).toBeNull();
      }),
    );
  });

  it('is a valid ExportJobResponse that keeps the fixture identity, at every instant', () => {
    fc.assert(
      fc.property(cases, ({ p, later }) => {
        const snapshot = jobAt(fixture, p, later);
        if (!snapshot) return;
        const { job } = snapshot;
        expect(() => v.parse(ExportJobResponseSchema, job)).not.toThrow();
        expect(JOB_STATUSES).toContain(job.JobStatus);
        expect([job.ApplicationId, job.Id, job.Type, job.Definition]).toEqual([
          fixture.ApplicationId,
          fixture.Id,
          'EXPORT',
          fixture.Definition,
        ]);
        expect(job.CreationDate).toBe(new Date(p.start).toISOString());
        expect(job.TotalPieces).toBe(p.pieces);
        expect((job.CompletedPieces ?? 0) + (job.FailedPieces ?? 0)).toBeLessThanOrEqual(p.pieces);
      }),
    );
  });

  it('is terminal exactly from start + duration on, with CompletionDate exactly then', () => {
    fc.assert(
      fc.property(cases, ({ p, later }) => {
        const snapshot = jobAt(fixture, p, later);
        if (!snapshot) return;
        const terminal = later >= p.start + p.durationMs;
        expect(snapshot.job.JobStatus === p.outcome).toBe(terminal);
        expect(snapshot.job.CompletionDate).toBe(terminal ? new Date(p.start + p.durationMs).toISOString() : undefined);
        if (p.durationMs > 0) expect(jobAt(fixture, p, p.start + p.durationMs - 1)?.job.JobStatus).not.toBe(p.outcome);
      }),
    );
  });

  it('moves forward only: statuses in lifecycle order, counters never decrease', () => {
    fc.assert(
      fc.property(cases, ({ p, earlier, later }) => {
        const a = jobAt(fixture, p, earlier);
        const b = jobAt(fixture, p, later);
        if (!a || !b) return;
        const order = ORDER[p.outcome] as string[];
        expect(order.indexOf(a.job.JobStatus)).toBeGreaterThanOrEqual(0);
        expect(order.indexOf(b.job.JobStatus)).toBeGreaterThanOrEqual(order.indexOf(a.job.JobStatus));
        for (const field of ['CompletedPieces', 'FailedPieces', 'TotalProcessed', 'TotalFailures'] as const) {
          expect(b.job[field] ?? 0).toBeGreaterThanOrEqual(a.job[field] ?? 0);
        }
        expect(b.job.Failures?.length ?? 0).toBeGreaterThanOrEqual(a.job.Failures?.length ?? 0);
      }),
    );
  });

  it('ends as the outcome says', () => {
    fc.assert(
      fc.property(progressions, (p) => {
        const job = jobAt(fixture, p, p.start + p.durationMs)?.job as ExportJobResponse;
        expect(job.JobStatus).toBe(p.outcome);
        if (p.outcome === 'COMPLETED') {
          expect([job.CompletedPieces, job.FailedPieces, job.TotalFailures, job.Failures]).toEqual([p.pieces, 0, 0, undefined]);
          expect(job.TotalProcessed).toBe(p.endpoints);
        }
        if (p.outcome === 'FAILED') {
          expect(job.FailedPieces).toBeGreaterThanOrEqual(1);
          expect(job.TotalFailures).toBeGreaterThanOrEqual(1);
          expect(job.Failures?.length).toBeGreaterThanOrEqual(1);
          expect(job.Failures?.length).toBeLessThanOrEqual(100);
        }
        if (p.outcome === 'CANCELLED') expect(job.Failures).toBeUndefined();
      }),
    );
  });

  it('passes through every phase of its outcome', () => {
    for (const outcome of OUTCOMES) {
      const p = { start: 0, durationMs: 100_000, outcome, pieces: 10, endpoints: 1000 };
      const seen = [...new Set(Array.from({ length: 101 }, (_, i) => jobAt(fixture, p, i * 1000)?.job.JobStatus))];
      expect(seen).toEqual(ORDER[outcome]);
    }
  });
});

describe('phase boundaries, to the millisecond', () => {
  // With a 100 s life, phases end at 5, 10, 20 and 90 s: the new status starts exactly there.
  const p = { start: 1_000_000, durationMs: 100_000, outcome: 'FAILED' as const, pieces: 10, endpoints: 1000 };
  it.each([
    [5_000, 'CREATED', 'PREPARING_FOR_INITIALIZATION'],
    [10_000, 'PREPARING_FOR_INITIALIZATION', 'INITIALIZING'],
    [20_000, 'INITIALIZING', 'PROCESSING'],
    [90_000, 'PROCESSING', 'FAILING'],
    [100_000, 'FAILING', 'FAILED'],
  ])('at start + %i ms: %s until the millisecond before, %s from it', (offset, before, from) => {
    expect(stageAt(p, p.start + offset - 1)?.status).toBe(before);
    expect(stageAt(p, p.start + offset)?.status).toBe(from);
  });

  it('exists from start exactly, not a millisecond before', () => {
    expect(stageAt(p, p.start - 1)).toBeNull();
    expect(stageAt(p, p.start)?.status).toBe('CREATED');
  });
});

describe('Failures, at every instant', () => {
  // "one for each of the first 100 entries that weren't processed successfully (failed)":
  // a failed endpoint of a failed piece, so they agree with the counters and name real pieces.
  const pieceOf = (entry: string) => Number(/\/part-(\d{5,})\.gz:/.exec(entry)?.[1] ?? Number.NaN);

  it('lists min(100, TotalFailures) distinct entries, each in a piece the job has, in no more pieces than FailedPieces', () => {
    fc.assert(
      fc.property(cases, ({ p, later }) => {
        const job = jobAt(fixture, p, later)?.job;
        if (!job) return;
        const failures = job.Failures ?? [];
        expect(failures.length).toBe(Math.min(MAX_FAILURES, job.TotalFailures ?? 0));
        expect(new Set(failures).size).toBe(failures.length);
        const pieces = new Set(failures.map(pieceOf));
        for (const piece of pieces) {
          expect(Number.isInteger(piece)).toBe(true);
          expect(piece).toBeLessThan(p.pieces);
        }
        expect(pieces.size).toBeLessThanOrEqual(job.FailedPieces ?? 0);
        expect((job.TotalFailures ?? 0) > 0).toBe((job.FailedPieces ?? 0) > 0);
        expect(job.TotalFailures ?? 0).toBeLessThanOrEqual(job.TotalProcessed ?? 0);
      }),
    );
  });

  it('only grows: an earlier instant’s list begins the later one’s', () => {
    fc.assert(
      fc.property(cases, ({ p, earlier, later }) => {
        const a = jobAt(fixture, p, earlier)?.job.Failures ?? [];
        const b = jobAt(fixture, p, later)?.job.Failures ?? [];
        expect(b.slice(0, a.length)).toEqual(a);
      }),
    );
  });

  it('pieces=20 at 40 %: one failed piece, and only its failures', () => {
    const p = { start: 0, durationMs: 100_000, outcome: 'FAILED' as const, pieces: 20, endpoints: 2000 };
    const job = jobAt(fixture, p, 40_000)?.job as ExportJobResponse;
    expect([job.JobStatus, job.FailedPieces, job.TotalFailures]).toEqual(['PROCESSING', 1, 100]);
    expect(new Set(job.Failures?.map(pieceOf))).toEqual(new Set([0]));
  });

  it('at the end of 15 pieces and 150 endpoints: every fifth piece failed, its 10 endpoints each, piece by piece', () => {
    const p = { start: 0, durationMs: 1000, outcome: 'FAILED' as const, pieces: 15, endpoints: 150 };
    const job = jobAt(fixture, p, 1000)?.job as ExportJobResponse;
    expect([job.FailedPieces, job.TotalFailures]).toEqual([3, 30]);
    const listed = job.Failures?.map((entry) => /^Failed to write endpoint (\d+) of part-(\d{5}) /.exec(entry)?.slice(1).join(' '));
    const expected = [0, 5, 10].flatMap((piece) => Array.from({ length: 10 }, (_, n) => `${n + 1} ${String(piece).padStart(5, '0')}`));
    expect(listed).toEqual(expected);
  });

  it('fails every (pieces / failed pieces)-th piece, and piece 0, 1, 2… when there are fewer pieces than failed ones', () => {
    expect([0, 1, 2].map((j) => failedPieceIndex(15, 3, j))).toEqual([0, 5, 10]);
    expect([0, 1, 2].map((j) => failedPieceIndex(2, 3, j))).toEqual([0, 1, 2]);
  });
});
