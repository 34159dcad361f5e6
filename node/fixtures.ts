// Which fixtures to seed, and what they become in KV: all of them, or nothing and every reason
// why. The one check behind `npm run seed`, the CLI and startSandbox. Reads files; writes nothing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { EndpointFixture } from '../src/exports/endpoint-schema';
import { Invalid } from '../src/invalid';
import { readFixtureFile } from '../src/jobs/fixture-file';
import { endpointsKey, jobKey } from '../src/jobs/kv-key';
import type { ExportJobResponse } from '../src/jobs/schema';
import { jobEntries, type SeedEntry } from '../src/jobs/seed-entries';

export type { SeedEntry };

/** The JSON Schemas for editors, beside the fixtures: of a job fixture file, and of an endpoints fixture. */
export const FIXTURE_SCHEMAS = { jobs: 'schema.json', endpoints: 'endpoints.schema.json' } as const;
const NOT_FIXTURES = new Set<string>(Object.values(FIXTURE_SCHEMAS));

/** A fixture file or folder, a job in wire shape (ExportJobResponse), or an application's
 *  endpoints (`{ ApplicationId, Endpoints, Segments? }`), which its exports then hold. */
export type FixtureSource = string | ExportJobResponse | EndpointFixture;

/** The .json files at `paths`, folders walked in name order; throws naming a path that does not exist. */
function fixtureFiles(paths: string[]): string[] {
  return paths.flatMap((path) => {
    if (!existsSync(path)) throw new Error(`no such fixtures file or folder: ${path}`);
    if (!statSync(path).isDirectory()) return [path];
    const names = readdirSync(path).sort();
    return fixtureFiles(
      names.filter((n) => statSync(join(path, n)).isDirectory() || (n.endsWith('.json') && !NOT_FIXTURES.has(n))).map((n) => join(path, n)),
    );
  });
}

export interface SeedPlan {
  entries: SeedEntry[]; // jobs, then endpoints fixtures
  jobs: number; // how many of the entries are jobs
  endpointFixtures: number; // how many are an application's endpoints
  problems: string[];
  documents: number; // files and job objects read
}

interface Document {
  name: string; // how problems name it: a file's path, or jobs[i]
  text: string;
}

/** Every fixture in `sources` (paths and job objects, as `npm run seed`, the CLI and startSandbox
 *  take them) as KV entries, or every reason they cannot be seeded; a missing path is a problem, not a throw. */
export function planSources(sources: readonly FixtureSource[]): SeedPlan {
  const documents: Document[] = [];
  const problems: string[] = [];
  sources.forEach((source, i) => {
    if (typeof source !== 'string') {
      documents.push({ name: `${'Endpoints' in source ? 'endpoints' : 'jobs'}[${i}]`, text: JSON.stringify(source) ?? 'undefined' });
      return;
    }
    try {
      const files = fixtureFiles([source]);
      if (files.length === 0) problems.push(`${source}: no .json fixture files in this folder`);
      for (const file of files) documents.push({ name: relative(process.cwd(), file) || file, text: readFileSync(file, 'utf8') });
    } catch (error) {
      problems.push((error as Error).message);
    }
  });
  const plan = planDocuments(documents);
  return { ...plan, problems: [...problems, ...plan.problems] };
}

function planDocuments(documents: Document[]): SeedPlan {
  const entries = new Map<string, { entries: SeedEntry[]; from: string }>();
  const endpointFixtures = new Map<string, { value: string; count: number; from: string }>();
  const problems: string[] = [];
  for (const { name, text } of documents) {
    const { jobs, endpoints, problems: found } = readFixtureFile(text);
    problems.push(...found.map((p) => `${name}: ${p.path}: ${p.reason}`));
    if (endpoints) {
      const key = endpointsKey(endpoints.ApplicationId);
      const twin = endpointFixtures.get(key);
      if (twin) problems.push(`${name}: the endpoints of application ${endpoints.ApplicationId} are also given in ${twin.from}`);
      else endpointFixtures.set(key, { value: JSON.stringify(endpoints), count: endpoints.Endpoints.length, from: name });
    }
    for (const job of jobs) {
      const key = jobKey({ applicationId: job.ApplicationId, jobId: job.Id });
      const twin = entries.get(key);
      const written = jobEntries(job);
      if (twin) problems.push(`${name}: job ${job.Id} of application ${job.ApplicationId} is also defined in ${twin.from}`);
      else if (written instanceof Invalid) problems.push(`${name}: job ${job.Id}: ${written.message}`);
      else entries.set(key, { entries: written, from: name });
    }
  }
  const seeded: SeedEntry[] = [...entries.values()].flatMap((job) => job.entries);
  for (const [key, { value, count }] of endpointFixtures) seeded.push({ key, value, metadata: { Endpoints: count } });
  return { entries: seeded, jobs: entries.size, endpointFixtures: endpointFixtures.size, problems, documents: documents.length };
}

/** What a plan seeds, as messages count it: jobs, and applications' endpoints apart. */
export const seededText = ({ jobs, endpointFixtures }: Pick<SeedPlan, 'jobs' | 'endpointFixtures'>, jobWord = 'job(s)'): string =>
  `${jobs} ${jobWord}${endpointFixtures > 0 ? ` and the endpoints of ${endpointFixtures} application(s)` : ''}`;

/** Calls `write` once with every entry when all sources are valid, and not at all otherwise. */
export function seedSources(sources: readonly FixtureSource[], write: (entries: SeedPlan['entries']) => void): SeedPlan {
  const plan = planSources(sources);
  if (plan.problems.length === 0) write(plan.entries);
  return plan;
}
