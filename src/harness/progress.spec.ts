import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { fixture, jobAt, progressions } from '../../test/support/arbitraries';
import { progress } from './progress';

const json = JSON.stringify(fixture);

describe('progress', () => {
  it('serves the stored JSON untouched without a progression, and says which now it used', () => {
    const { json: served, applied } = progress(fixture, json, undefined, Date.UTC(2026, 0, 1), true);
    expect(served).toBe(json);
    expect(applied).toEqual(['now=2026-01-01T00:00:00.000Z']);
  });

  it('finds no job before it is created (the route answers 404: test/workers/harness.spec.ts)', () => {
    const p = { start: 10_000, durationMs: 1000, outcome: 'FAILED' as const, pieces: 10, endpoints: 100 };
    expect(progress(fixture, json, p, 9_999, false)).toEqual({ json: null, applied: ['progression=not-created-yet'] });
    expect(progress(fixture, json, p, 10_000, false).json).not.toBeNull();
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
            const served = progress(job, JSON.stringify(job), p, now, false).json;
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
      const first = progress(fixture, json, p, 1_800_000, false).json;
      expect(progress(fixture, json, p, 1_800_001, false).json).toBe(first);
      expect(stringify).toHaveBeenCalledTimes(1);
      expect(progress(fixture, json, p, 3_000_000, false).json).not.toBe(first); // a later stage
      expect(stringify).toHaveBeenCalledTimes(2);
    } finally {
      stringify.mockRestore();
    }
  });
});
