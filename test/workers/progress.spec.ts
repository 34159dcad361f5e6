// x-mock-progression as a client polling a seeded job sees it, through the Worker against real
// local KV: the job at each instant of its simulated life, never a body kept from another
// stage or another job (progress.ts keeps the JSON it built last, per progression).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Progression } from '../../src/harness/progression-header';
import type { ExportJobResponse } from '../../src/jobs/schema';
import { jobAt, progressions } from '../support/arbitraries';
import { ANY_JOB, JOBS, seedFixtures, urlOf } from './fixtures';
import { handleWith } from './handle';

const handle = handleWith();
const OTHER_JOB = JOBS.find((job) => job.Id !== ANY_JOB.Id) as ExportJobResponse;
const header = (p: Progression) =>
  `start=${p.start}; duration=${p.durationMs / 1000}; outcome=${p.outcome}; pieces=${p.pieces}; endpoints=${p.endpoints}`;

/** GetExportJob of `job` at `now` (epoch ms), in the life `p` or none: status, body text, x-mock-applied. */
async function poll(job: ExportJobResponse, now: number, p?: Progression) {
  const headers: Record<string, string> = { 'x-mock-now': String(now), ...(p ? { 'x-mock-progression': header(p) } : {}) };
  const response = await handle(new Request(urlOf(job), { headers }));
  return { status: response.status, body: await response.text(), applied: response.headers.get('x-mock-applied') };
}

describe('x-mock-progression, polled', () => {
  it('serves the seeded JSON untouched without a progression, and says which now it used', async () => {
    await seedFixtures();
    expect(await poll(ANY_JOB, Date.UTC(2026, 0, 1))).toEqual({
      status: 200,
      body: JSON.stringify(ANY_JOB),
      applied: 'now=2026-01-01T00:00:00.000Z',
    });
  });

  it('finds no job before its start, and the job from its start on', async () => {
    await seedFixtures();
    const p: Progression = { start: 10_000, durationMs: 1000, outcome: 'FAILED', pieces: 10, endpoints: 100 };
    const before = await poll(ANY_JOB, 9_999, p);
    expect([before.status, before.applied]).toEqual([404, 'now=1970-01-01T00:00:09.999Z; progression=not-created-yet']);
    expect((await poll(ANY_JOB, 10_000, p)).status).toBe(200);
  });

  it('always serves the job as it stands at the instant asked, whatever was served before', async () => {
    await seedFixtures();
    await fc.assert(
      fc.asyncProperty(
        // A few instants, polled in any order, either job: a body built before can be served again only where it is right.
        progressions.chain((p) =>
          fc.tuple(
            fc.constant(p),
            fc
              .uniqueArray(fc.integer({ min: p.start, max: p.start + p.durationMs + 1000 }), { minLength: 1, maxLength: 3 })
              .chain((instants) => fc.array(fc.tuple(fc.constantFrom(...instants), fc.boolean()), { minLength: 1, maxLength: 10 })),
          ),
        ),
        async ([p, polls]) => {
          for (const [now, other] of polls) {
            const job = other ? OTHER_JOB : ANY_JOB;
            const served = await poll(job, now, p);
            expect(served.status).toBe(200);
            expect(served.body).toBe(JSON.stringify(jobAt(job, p, now)?.job));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers the same body while the stage stays the same, and the next stage once it moves', async () => {
    await seedFixtures();
    const p: Progression = { start: 0, durationMs: 3_600_000, outcome: 'FAILED', pieces: 10, endpoints: 1000 };
    const first = await poll(ANY_JOB, 1_800_000, p);
    const same = await poll(ANY_JOB, 1_800_001, p);
    const later = await poll(ANY_JOB, 3_000_000, p);
    expect(same.body).toBe(first.body);
    expect(later.body).not.toBe(first.body);
    expect(JSON.parse(later.body).CompletedPieces).toBeGreaterThan(JSON.parse(first.body).CompletedPieces);
  });
});
