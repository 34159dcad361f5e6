// Reads one fixture file's text: one ExportJobResponse, or an array of them, in wire shape; or
// an application's explicit endpoints (an object with `Endpoints`, src/exports/endpoint-schema.ts).
// Pure, so the seeder and the tests share it; every problem names a JSON path and a reason. A
// job whose export is above the bound the sandbox generates (exportSizeProblem) is a problem too.
import * as v from 'valibot';
import { type EndpointFixture, readEndpointFixture } from '../exports/endpoint-schema';
import { exportSizeProblem } from '../exports/pieces';
import { issuePath, issueReason, type Problem } from '../issues';
import { type ExportJobResponse, ExportJobResponseSchema } from './schema';

/** A fixture file's entry: the wire shape, plus an optional `$schema` for editors, dropped on seeding. */
export const FixtureEntrySchema = v.pipe(
  v.looseObject({ $schema: v.optional(v.string()) }),
  v.transform(({ $schema: _ignored, ...job }) => job),
  ExportJobResponseSchema,
);

export type { Problem };

/** How a job's problems are told. */
const JOB_WORDS = { unknown: 'is not a field of ExportJobResponse', missing: 'is required but missing' };

export type FixtureFile = { jobs: ExportJobResponse[]; endpoints?: EndpointFixture; problems: Problem[] };

/** An endpoints fixture is told from a job by its `Endpoints` member. */
const isEndpointFixture = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && 'Endpoints' in value;

export function readFixtureFile(text: string): FixtureFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { jobs: [], problems: [{ path: '$', reason: `not valid JSON (${(error as Error).message})` }] };
  }
  if (isEndpointFixture(value)) {
    const read = readEndpointFixture(value);
    return 'fixture' in read ? { jobs: [], endpoints: read.fixture, problems: [] } : { jobs: [], problems: read.problems };
  }
  const entries = Array.isArray(value) ? value.map((entry, i) => [entry, `$[${i}]`] as const) : [[value, '$'] as const];
  if (entries.length === 0) return { jobs: [], problems: [{ path: '$', reason: 'the array holds no jobs' }] };
  const jobs: ExportJobResponse[] = [];
  const problems: Problem[] = [];
  for (const [entry, at] of entries) {
    // Every problem in one round: the size bound is checked on the counters as given, whatever else is wrong.
    const result = v.safeParse(FixtureEntrySchema, entry);
    const { TotalProcessed, TotalPieces } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const tooLarge = exportSizeProblem(countOr(TotalProcessed, 0), countOr(TotalPieces, 0) || 1);
    if (!result.success)
      problems.push(...result.issues.map((issue) => ({ path: issuePath(issue, at), reason: issueReason(issue, JOB_WORDS) })));
    if (tooLarge) problems.push({ path: `${at}.TotalProcessed`, reason: tooLarge.message });
    if (result.success && !tooLarge) jobs.push(result.output);
  }
  return { jobs, problems };
}

/** A counter as given, when it is one (a whole number, 0 or more), else `fallback`. */
const countOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
