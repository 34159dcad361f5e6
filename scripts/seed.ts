// npm run seed -- [--remote] [--check] [FILE|DIR ...]
// Validates every fixture first and writes to KV only when all are valid, in one bulk put,
// so a bad set writes nothing. Defaults to fixtures/ and the local KV that `npm start` uses.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SeedPlan, seedSources } from '../node/fixtures';
import { WRANGLER } from './tools';

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
  const target = options.remote ? ['--remote'] : ['--local', ...(options.persistTo ? ['--persist-to', options.persistTo] : [])];
  let failed = false;
  const { entries, problems, documents } = seedSources(options.paths.length > 0 ? options.paths : ['fixtures'], (valid) => {
    if (!options.check) failed = !writeToKv(valid, target);
  });
  if (problems.length > 0) {
    console.error(`seed: nothing written; ${problems.length} problem(s):`);
    for (const problem of problems) console.error(`  ${problem}`);
    return 1;
  }
  if (failed) return 1;
  if (options.check) console.log(`seed: ${entries.length} job(s) in ${documents} file(s) are valid; nothing written (--check)`);
  else console.log(`seed: wrote ${entries.length} job(s) from ${documents} file(s) to ${options.remote ? 'remote' : 'local'} KV`);
  return 0;
}

/** One bulk put through wrangler, the same tool and storage `npm start` uses. */
function writeToKv(entries: SeedPlan['entries'], target: string[]): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'seed-'));
  try {
    const bulk = join(dir, 'bulk.json');
    writeFileSync(bulk, JSON.stringify(entries));
    const [node, ...wrangler] = WRANGLER;
    execFileSync(node, [...wrangler, 'kv', 'bulk', 'put', bulk, '--binding', 'JOBS', ...target], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return true;
  } catch {
    console.error('seed: wrangler could not write the jobs (see above)');
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
