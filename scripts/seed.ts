// npm run seed -- [--remote | --persist-to DIR] [--check | --if-changed] [FILE|DIR ...]
// Validates every fixture first and writes to KV only when all are valid, so a bad set writes
// nothing. Defaults to fixtures/ and the local KV that `npm start` uses, written with Miniflare
// (local-kv.ts) rather than by starting wrangler; --remote writes through wrangler, which has
// the account.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SeedPlan, seededText, seedSources } from '../node/fixtures';
import { DEFAULT_PERSIST_TO, localJobsNamespace, localKvDir, withLocalKv } from './local-kv';
import { WRANGLER } from './tools';

const USAGE = `usage: npm run seed -- [--remote | --persist-to DIR] [--check | --if-changed] [FILE|DIR ...]
  FILE|DIR ...       fixture files, or folders of them (default: fixtures/)
  --persist-to DIR   the local state folder to write, as wrangler dev --persist-to takes it (default: ${DEFAULT_PERSIST_TO}, what npm start serves)
  --remote           the deployed Worker's KV namespace, through wrangler (after npx wrangler login and a first npm run deploy)
  --check            validate only; write nothing
  --if-changed       write locally only if these jobs differ from what the last local seed wrote (npm start's)
  --help             this text
Every fixture is checked first; any problem writes nothing, and each is named by file and JSON path.`;

interface Options {
  paths: string[];
  remote: boolean;
  check: boolean;
  ifChanged: boolean;
  persistTo: string;
  help?: true;
}

function parseArgs(argv: string[]): Options | string {
  const options: Options = { paths: [], remote: false, check: false, ifChanged: false, persistTo: DEFAULT_PERSIST_TO };
  let persistTo = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { ...options, help: true };
    if (arg === '--remote') options.remote = true;
    else if (arg === '--check') options.check = true;
    else if (arg === '--if-changed') options.ifChanged = true;
    else if (arg === '--persist-to' && argv[i + 1]) {
      options.persistTo = argv[++i] as string;
      persistTo = true;
    } else if (arg.startsWith('--')) return `unknown or incomplete option ${arg}`;
    else options.paths.push(arg);
  }
  return options.remote && persistTo ? '--remote and --persist-to do not go together' : options;
}

async function main(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    console.error(`seed: ${options}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  let valid: SeedPlan['entries'] | undefined;
  const plan = seedSources(options.paths.length > 0 ? options.paths : ['fixtures'], (all) => {
    valid = all;
  });
  const { problems, documents } = plan;
  if (problems.length > 0) {
    console.error(`seed: nothing written; ${problems.length} problem(s):`);
    for (const problem of problems) console.error(`  ${problem}`);
    return 1;
  }
  if (options.check || !valid) {
    console.log(`seed: ${seededText(plan)} in ${documents} file(s) are valid; nothing written (--check)`);
    return 0;
  }
  try {
    if (options.remote) writeRemote(valid);
    else if (options.ifChanged && readFileOr(seededMarker(options.persistTo)) === digest(valid)) {
      console.log(
        `seed: the ${seededText(plan)} from ${documents} file(s) are already in local KV, unchanged (npm run seed rewrites them)`,
      );
      return 0;
    } else await writeLocal(valid, options.persistTo);
  } catch (error) {
    console.error(`seed: could not write the jobs: ${(error as Error).message}`);
    return 1;
  }
  console.log(`seed: wrote ${seededText(plan)} from ${documents} file(s) to ${options.remote ? 'remote' : 'local'} KV`);
  return 0;
}

/** Writes checked entries to the local namespace `wrangler dev --persist-to persistTo` serves,
 *  and notes what it wrote beside the namespace's files (deleting the state deletes the note). */
export async function writeLocal(entries: SeedPlan['entries'], persistTo: string): Promise<void> {
  await withLocalKv(persistTo, (kv) => Promise.all(entries.map((e) => kv.put(e.key, e.value, { metadata: e.metadata }))));
  writeFileSync(seededMarker(persistTo), digest(entries));
}

// Skipping an unchanged seed spares `npm start` a Miniflare runtime: the Worker never writes KV,
// so what the last seed wrote is what is there, unless changed by hand (then npm run seed).
const seededMarker = (persistTo: string) => join(localKvDir(persistTo), 'last-seed.sha256');
const digest = (entries: SeedPlan['entries']) =>
  createHash('sha256')
    .update(JSON.stringify([localJobsNamespace(), entries]))
    .digest('hex');
const readFileOr = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

/** One bulk put through wrangler, to the deployed namespace. */
function writeRemote(entries: SeedPlan['entries']): void {
  const dir = mkdtempSync(join(tmpdir(), 'seed-'));
  try {
    const bulk = join(dir, 'bulk.json');
    writeFileSync(bulk, JSON.stringify(entries));
    const [node, ...wrangler] = WRANGLER;
    execFileSync(node, [...wrangler, 'kv', 'bulk', 'put', bulk, '--binding', 'JOBS', '--remote'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch {
    throw new Error('wrangler could not write them (see above)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2));
