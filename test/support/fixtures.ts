// The shipped fixtures, read once through the same parser the seeder uses, for all three test
// projects (Vite's import.meta.glob works in the Workers runtime and in Node alike).

import { type FixtureFile, readFixtureFile } from '../../src/jobs/fixture-file';
import type { ExportJobResponse } from '../../src/jobs/schema';

const files = import.meta.glob<string>(['../../fixtures/*.json', '!../../fixtures/*schema.json'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Each shipped file, by its name in fixtures/, as the seeder reads it. */
export const FIXTURE_FILES: Record<string, FixtureFile> = Object.fromEntries(
  Object.entries(files).map(([path, text]) => [path.slice(path.lastIndexOf('/') + 1), readFixtureFile(text)]),
);

export const FIXTURE_JOBS: ExportJobResponse[] = Object.values(FIXTURE_FILES).flatMap((file) => file.jobs);

/** The job a shipped file seeds, as GET serves it (without the editors' $schema). */
export function shippedJob(file: string): ExportJobResponse {
  const job = FIXTURE_FILES[file]?.jobs[0];
  if (!job) throw new Error(`no job in fixtures/${file}`);
  return job;
}

export function jobWithStatus(status: string): ExportJobResponse {
  const job = FIXTURE_JOBS.find((j) => j.JobStatus === status);
  if (!job) throw new Error(`no fixture with status ${status}`);
  return job;
}

export const ANY_JOB = jobWithStatus('COMPLETED');
