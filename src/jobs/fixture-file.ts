// Reads one fixture file's text: one ExportJobResponse, or an array of them, in wire shape.
// Pure, so the seeder and the tests share it; every problem names a JSON path and a reason.
import * as v from 'valibot';
import { type ExportJobResponse, ExportJobResponseSchema } from './schema';

/** A fixture file's entry: the wire shape, plus an optional `$schema` for editors, dropped on seeding. */
export const FixtureEntrySchema = v.pipe(
  v.looseObject({ $schema: v.optional(v.string()) }),
  v.transform(({ $schema: _ignored, ...job }) => job),
  ExportJobResponseSchema,
);

export interface Problem {
  path: string; // JSON path within the file, e.g. $[2].Definition.RoleArn
  reason: string;
}

export type FixtureFile = { jobs: ExportJobResponse[]; problems: Problem[] };

export function readFixtureFile(text: string): FixtureFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { jobs: [], problems: [{ path: '$', reason: `not valid JSON (${(error as Error).message})` }] };
  }
  const entries = Array.isArray(value) ? value.map((entry, i) => [entry, `$[${i}]`] as const) : [[value, '$'] as const];
  if (entries.length === 0) return { jobs: [], problems: [{ path: '$', reason: 'the array holds no jobs' }] };
  const jobs: ExportJobResponse[] = [];
  const problems: Problem[] = [];
  for (const [entry, at] of entries) {
    const result = v.safeParse(FixtureEntrySchema, entry);
    if (result.success) jobs.push(result.output);
    else problems.push(...result.issues.map((issue) => describe(issue, at)));
  }
  return { jobs, problems };
}

function describe(issue: v.BaseIssue<unknown>, at: string): Problem {
  const keys = issue.path?.map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`)) ?? [];
  const path = at + keys.join('');
  if (issue.expected === 'never') return { path, reason: 'is not a field of ExportJobResponse' };
  if (issue.input === undefined && issue.path?.length) return { path, reason: 'is required but missing' };
  return { path, reason: issue.message };
}
