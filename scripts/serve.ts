// npm run serve -- [--port N] [FILE|DIR ...]
// The fast local mode, for load-testing client apps: the Worker bundle `wrangler deploy`
// would upload, served by workerd directly, with the fixtures checked as `npm run seed`
// checks them and held in memory, and tenants' Durable Objects in a fresh folder per run. Fixture changes need a restart; `npm start` is the mode
// that picks up seeding while it runs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureFiles, planSeed } from './seed-plan';
import { buildBundle, startWorkerd } from './workerd-server';

async function main(argv: string[]): Promise<number> {
  const portAt = argv.indexOf('--port');
  const port = portAt >= 0 ? Number(argv[portAt + 1]) : 8787;
  const paths = argv.filter((_arg, i) => !(i === portAt || i === portAt + 1));
  if (!Number.isInteger(port) || port < 1 || port > 65_535 || paths.some((p) => p.startsWith('--'))) {
    console.error('serve: usage: npm run serve -- [--port N] [FILE|DIR ...]');
    return 2;
  }
  const { entries, problems } = planSeed(fixtureFiles(paths.length > 0 ? paths : ['fixtures']));
  if (problems.length > 0) {
    console.error(`serve: ${problems.length} problem(s) in the fixtures:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-serve-'));
  const child = await startWorkerd({ dir, script: buildBundle(join(dir, 'bundle')), entries, port, tenants: true });
  console.log(`serve: ${entries.length} job(s); ready on http://localhost:${port} (workerd, no proxy; Ctrl-C stops it)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill('SIGTERM'));
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`serve: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
