// npm run seed -- [--remote] [--check] [FILE|DIR ...]
// Validates every fixture first and writes to KV only when all are valid, in one bulk put,
// so a bad set writes nothing. Defaults to fixtures/ and the local KV that `npm start` uses.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { readFixtureFile } from '../src/fixture-file';
import { jobKey } from '../src/job-key';

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

export interface SeedPlan {
  entries: { key: string; value: string }[];
  problems: string[];
}

/** Every fixture in `files`, as KV entries, or every reason they cannot be seeded. */
export function planSeed(files: string[]): SeedPlan {
  const entries = new Map<string, { value: string; file: string }>();
  const problems: string[] = [];
  for (const file of files) {
    const shown = relative(process.cwd(), file) || file;
    const { jobs, problems: found } = readFixtureFile(readFileSync(file, 'utf8'));
    problems.push(...found.map((p) => `${shown}: ${p.path}: ${p.reason}`));
    for (const job of jobs) {
      const key = jobKey({ applicationId: job.ApplicationId, jobId: job.Id });
      const twin = entries.get(key);
      if (twin) problems.push(`${shown}: job ${job.Id} of application ${job.ApplicationId} is also defined in ${twin.file}`);
      else entries.set(key, { value: JSON.stringify(job), file: shown });
    }
  }
  if (files.length === 0) problems.push('no fixture files found');
  return { entries: [...entries].map(([key, { value }]) => ({ key, value })), problems };
}

const USAGE = 'usage: npm run seed -- [--remote | --persist-to DIR] [--check] [FILE|DIR ...]';

interface Options {
  paths: string[];
  remote: boolean;
  check: boolean;
  persistTo?: string;
}

function parseArgs(argv: string[]): Options | string {
  const options: Options = { paths: [], remote: false, check: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--remote') options.remote = true;
    else if (arg === '--check') options.check = true;
    else if (arg === '--persist-to' && argv[i + 1]) options.persistTo = argv[++i];
    else if (arg.startsWith('--')) return `unknown or incomplete option ${arg}`;
    else options.paths.push(arg);
  }
  return options.remote && options.persistTo ? '--remote and --persist-to do not go together' : options;
}

function main(argv: string[]): number {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    console.error(`seed: ${options}; ${USAGE}`);
    return 2;
  }
  const paths = options.paths;
  let files: string[];
  try {
    files = fixtureFiles(paths.length > 0 ? paths : ['fixtures']);
  } catch (error) {
    console.error(`seed: ${(error as Error).message}`);
    return 1;
  }
  const { entries, problems } = planSeed(files);
  if (problems.length > 0) {
    console.error(`seed: nothing written; ${problems.length} problem(s):`);
    for (const problem of problems) console.error(`  ${problem}`);
    return 1;
  }
  if (options.check) {
    console.log(`seed: ${entries.length} job(s) in ${files.length} file(s) are valid; nothing written (--check)`);
    return 0;
  }
  const target = options.remote ? ['--remote'] : ['--local', ...(options.persistTo ? ['--persist-to', options.persistTo] : [])];
  const dir = mkdtempSync(join(tmpdir(), 'seed-'));
  try {
    const bulk = join(dir, 'bulk.json');
    writeFileSync(bulk, JSON.stringify(entries));
    execFileSync('npx', ['wrangler', 'kv', 'bulk', 'put', bulk, '--binding', 'JOBS', ...target], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch {
    console.error('seed: wrangler could not write the jobs (see above)');
    return 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`seed: wrote ${entries.length} job(s) from ${files.length} file(s) to ${options.remote ? 'remote' : 'local'} KV`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
