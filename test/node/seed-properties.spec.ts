// Seeding as a property: any set of fixture files with a problem in it writes nothing and
// names every problem by file and JSON path; a valid set gives the same writes every time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { type SeedPlan, seedSources } from '../../node/fixtures';
import { shippedJob } from '../support/fixtures';

const created = shippedJob('retail-app-created.json');

// Each corruption breaks one field of a job and says which JSON path the report must name.
const CORRUPTIONS: [string, (job: Record<string, unknown>) => Record<string, unknown>, string][] = [
  ['missing RoleArn', (j) => ({ ...j, Definition: { S3UrlPrefix: 's3://bucket/p/' } }), '.Definition.RoleArn'],
  ['bad JobStatus', (j) => ({ ...j, JobStatus: 'DONE' }), '.JobStatus'],
  ['string count', (j) => ({ ...j, TotalPieces: '8' }), '.TotalPieces'],
  ['negative count', (j) => ({ ...j, CompletedPieces: -1 }), '.CompletedPieces'],
  ['unknown field', (j) => ({ ...j, Colour: 'red' }), '.Colour'],
  ['bad date', (j) => ({ ...j, CreationDate: 'yesterday' }), '.CreationDate'],
  ['bad Type', (j) => ({ ...j, Type: 'IMPORT' }), '.Type'],
  ['bad Id', (j) => ({ ...j, Id: 'has space' }), '.Id'],
  ['null', () => null as unknown as Record<string, unknown>, ''],
];

interface Job {
  id: string;
  corruption: number | null; // index into CORRUPTIONS
}
const job = fc.record({ id: fc.stringMatching(/^[0-9a-f]{32}$/), corruption: fc.option(fc.nat(CORRUPTIONS.length - 1), { freq: 3 }) });
const file = fc.record({
  jobs: fc.uniqueArray(job, { minLength: 1, maxLength: 4, selector: (j) => j.id }),
  broken: fc.constantFrom(false, false, false, true),
});
const fileSet = fc.array(file, { minLength: 1, maxLength: 4 }).filter((files) => {
  const ids = files.flatMap((f) => f.jobs.map((j) => j.id));
  return new Set(ids).size === ids.length; // duplicates across files are tested on their own
});

function render(files: { jobs: Job[]; broken: boolean }[]): { paths: string[]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'seed-prop-'));
  const paths = files.map((f, i) => {
    const jobs = f.jobs.map((j) => {
      const valid = { ...created, Id: j.id };
      return j.corruption === null ? valid : (CORRUPTIONS[j.corruption] as (typeof CORRUPTIONS)[number])[1](valid);
    });
    const path = join(dir, `file-${i}.json`);
    writeFileSync(path, f.broken ? JSON.stringify(jobs).slice(0, -1) : JSON.stringify(jobs));
    return path;
  });
  return { paths, dir };
}

it('writes nothing, and names each problem, when any fixture is invalid; writes all, identically, when none is', () => {
  fc.assert(
    fc.property(fileSet, (files) => {
      const { paths, dir } = render(files);
      try {
        const writes: SeedPlan['entries'][] = [];
        const plan = seedSources(paths, (entries) => writes.push(entries));
        const invalid = files.some((f) => f.broken || f.jobs.some((j) => j.corruption !== null));
        if (invalid) {
          expect(writes).toEqual([]);
          for (const [i, f] of files.entries()) {
            const inFile = plan.problems.filter((p) => p.includes(`file-${i}.json: `));
            if (f.broken) expect(inFile.some((p) => p.includes('$: not valid JSON'))).toBe(true);
            else {
              for (const [k, j] of f.jobs.entries()) {
                if (j.corruption === null) continue;
                const path = `$[${k}]${(CORRUPTIONS[j.corruption] as (typeof CORRUPTIONS)[number])[2]}`;
                expect(
                  inFile.some((p) => p.includes(`: ${path}: `) || p.endsWith(`: ${path}`)),
                  `${path} in ${inFile}`,
                ).toBe(true);
              }
            }
          }
        } else {
          expect(plan.problems).toEqual([]);
          expect(writes).toHaveLength(1);
          expect(writes[0]).toHaveLength(files.flatMap((f) => f.jobs).length * 2); // each job, and its line in the bucket index
          const again: SeedPlan['entries'][] = [];
          seedSources(paths, (entries) => again.push(entries));
          expect(again).toEqual(writes);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 300 },
  );
});
