import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../errors';
import { fixture, progressions } from './arbitraries';
import { jobAt } from './lifecycle';
import { progress } from './progress';

const json = JSON.stringify(fixture);

describe('progress', () => {
  it('serves the stored JSON untouched without a progression, and says which now it used', () => {
    const applied: string[] = [];
    expect(progress(fixture, json, { now: Date.UTC(2026, 0, 1) }, 0, applied)).toBe(json);
    expect(applied).toEqual(['now=2026-01-01T00:00:00.000Z']);
  });

  it('answers 404 before the job is created', () => {
    const p = { start: 10_000, durationMs: 1000, outcome: 'FAILED' as const, pieces: 10, endpoints: 100 };
    expect(() => progress(fixture, json, { progression: p }, 9_999, [])).toThrow(ApiError);
  });

  // The JSON kept for a progression must never outlive its stage or its fixture object.
  it('always serves the snapshot of the moment asked, whatever was built before', () => {
    const other = { ...fixture, Id: 'other-job' };
    fc.assert(
      fc.property(
        progressions.chain((p) =>
          fc.tuple(
            fc.constant(p),
            fc.array(fc.tuple(fc.integer({ min: p.start, max: p.start + p.durationMs + 1000 }), fc.boolean()), {
              minLength: 1,
              maxLength: 20,
            }),
          ),
        ),
        ([p, polls]) => {
          for (const [now, useOther] of polls) {
            const job = useOther ? other : fixture;
            const served = progress(job, JSON.stringify(job), { progression: p }, now, []);
            expect(served).toBe(JSON.stringify(jobAt(job, p, now)?.job));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('builds the JSON once while the stage stays the same', () => {
    const p = { start: 0, durationMs: 3_600_000, outcome: 'FAILED' as const, pieces: 10, endpoints: 1000 };
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      const first = progress(fixture, json, { progression: p }, 1_800_000, []);
      expect(progress(fixture, json, { progression: p }, 1_800_001, [])).toBe(first);
      expect(stringify).toHaveBeenCalledTimes(1);
      expect(progress(fixture, json, { progression: p }, 3_000_000, [])).not.toBe(first); // a later stage
      expect(stringify).toHaveBeenCalledTimes(2);
    } finally {
      stringify.mockRestore();
    }
  });
});
