// Which fixture files to seed, and what they become in KV: all of them, or nothing and every
// reason why. Reads files; writes nothing itself.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readFixtureFile } from '../src/jobs/fixture-file';
import { jobKey } from '../src/jobs/kv-key';

const NOT_FIXTURES = new Set(['schema.json']); // the JSON Schema for editors lives beside the fixtures

export function fixtureFiles(paths: string[]): string[] {
  return paths.flatMap((path) => {
    if (!statSync(path).isDirectory()) return [path];
    const names = readdirSync(path).sort();
    return fixtureFiles(
      names.filter((n) => statSync(join(path, n)).isDirectory() || (n.endsWith('.json') && !NOT_FIXTURES.has(n))).map((n) => join(path, n)),
    );
  });
}

/** A KV entry as `wrangler kv bulk put` takes it; the metadata lets `GET /` list jobs without reading them. */
export interface SeedEntry {
  key: string;
  value: string;
  metadata: { JobStatus: string };
}

export interface SeedPlan {
  entries: SeedEntry[];
  problems: string[];
}

/** Every fixture in `files`, as KV entries, or every reason they cannot be seeded. */
export function planSeed(files: string[]): SeedPlan {
  const entries = new Map<string, { value: string; status: string; file: string }>();
  const problems: string[] = [];
  for (const file of files) {
    const shown = relative(process.cwd(), file) || file;
    const { jobs, problems: found } = readFixtureFile(readFileSync(file, 'utf8'));
    problems.push(...found.map((p) => `${shown}: ${p.path}: ${p.reason}`));
    for (const job of jobs) {
      const key = jobKey({ applicationId: job.ApplicationId, jobId: job.Id });
      const twin = entries.get(key);
      if (twin) problems.push(`${shown}: job ${job.Id} of application ${job.ApplicationId} is also defined in ${twin.file}`);
      else entries.set(key, { value: JSON.stringify(job), status: job.JobStatus, file: shown });
    }
  }
  if (files.length === 0) problems.push('no fixture files found');
  return { entries: [...entries].map(([key, { value, status }]) => ({ key, value, metadata: { JobStatus: status } })), problems };
}

/** Calls `write` once with every entry when all files are valid, and not at all otherwise. */
export function seedFiles(files: string[], write: (entries: SeedPlan['entries']) => void): SeedPlan {
  const plan = planSeed(files);
  if (plan.problems.length === 0) write(plan.entries);
  return plan;
}
