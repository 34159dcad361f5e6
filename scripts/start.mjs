// @ts-check
// npm start: seed local KV from fixtures/ when anything the seed depends on changed, then
// wrangler dev, with the arguments npm start was given. Plain JavaScript with no imports but its own and
// Node's, so that a start whose seed is unchanged loads neither tsx nor Miniflare: it hashes
// what the last seed was made from (a few milliseconds) instead of checking every fixture
// (a third of a second), and goes straight to wrangler dev, in this same process.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { onStarterGone } from '../node/lifeline.mjs';

// What the local seed is made from: the fixtures, the seeder and the schemas it checks them
// with (all of src/, the simplest superset), and wrangler.toml (the namespace's id).
const INPUTS = ['fixtures', 'src', 'node/fixtures.ts', 'scripts/seed.ts', 'scripts/local-kv.ts', 'wrangler.toml'];
// wrangler's program, run in this process as its main module, as Node runs the script it is
// given: wrangler's bin script (bin/wrangler.js) only checks Node's version and starts this in a
// second Node.js, with two flags, a tenth of a second of every start. package.json's start gives
// this process those flags instead.
const WRANGLER_CLI = resolve('node_modules', 'wrangler', 'wrangler-dist', 'cli.js');
const WRANGLER_FLAGS = ['--no-warnings', '--experimental-vm-modules'];
if (!WRANGLER_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  console.error(`scripts/start.mjs: run it as npm start does: node ${WRANGLER_FLAGS.join(' ')} scripts/start.mjs`);
  process.exit(2);
}
const args = process.argv.slice(2); // npm start -- <wrangler dev's flags>
// The state folder wrangler dev serves: its --persist-to, else its default.
const persistAt = args.findIndex((arg) => arg === '--persist-to' || arg.startsWith('--persist-to='));
const persistTo = persistAt < 0 ? join('.wrangler', 'state') : (args[persistAt]?.split('=')[1] ?? args[persistAt + 1] ?? '');
// Beside the namespaces' files that wrangler dev reads (scripts/local-kv.ts's localKvDir), so
// that deleting the state folder deletes it too.
const MARKER = join(persistTo, 'v3', 'kv', 'last-seed.inputs.sha256');

/** @param {import('node:crypto').Hash} hash @param {string} path */
function hashTree(hash, path) {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) hashTree(hash, join(path, name));
    return;
  }
  hash.update(`${path}\0`).update(readFileSync(path)).update('\0');
}

function inputsDigest() {
  const hash = createHash('sha256');
  for (const input of INPUTS) hashTree(hash, input);
  return hash.digest('hex');
}

/** The value of wrangler dev's flag `name` in `args` (`--name value` or `--name=value`), if given. */
function flagValue(/** @type {string[]} */ args, /** @type {string} */ name) {
  const at = args.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  return at < 0 ? undefined : args[at]?.includes('=') ? args[at]?.split('=')[1] : args[at + 1];
}

// A port already taken makes workerd print a fatal kj::Exception stack before wrangler's own
// message: the port is tried here first, and a taken one is one clear line. wrangler dev's
// defaults: the port of wrangler.toml's [dev], on localhost.
const port = Number(
  flagValue(args, '--port') ?? /^\[dev\][^[]*?^port\s*=\s*(\d+)/m.exec(readFileSync('wrangler.toml', 'utf8'))?.[1] ?? 8787,
);
const ip = flagValue(args, '--ip') ?? 'localhost';
const taken = await new Promise((done) => {
  const probe = createServer();
  probe.once('error', (/** @type {NodeJS.ErrnoException} */ error) => done(error.code === 'EADDRINUSE'));
  probe.listen(port, ip, () => probe.close(() => done(false)));
});
if (taken) {
  console.error(
    `npm start: port ${port} on ${ip} is already in use (EADDRINUSE: Address already in use); stop what uses it, or serve on another port: npm start -- --port ${port + 1}`,
  );
  process.exit(1);
}

const digest = inputsDigest();
const seeded = existsSync(MARKER) && readFileSync(MARKER, 'utf8') === digest;
if (!seeded) {
  // The seeder checks every fixture, writes nothing if any is invalid, and skips the write
  // when the jobs are those it last wrote (--if-changed).
  const seed = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--if-changed', '--persist-to', persistTo], {
    stdio: 'inherit',
  });
  if (seed.status !== 0) process.exit(seed.status ?? 1);
  writeFileSync(MARKER, digest);
}

// npm passes a SIGTERM to its `sh -c`, which ends without passing it on, and a killed parent
// passes nothing: either way this process is left alone with wrangler dev's workerd. It then
// stops as Ctrl-C stops it (wrangler dev ends workerd on SIGINT), and leaves nothing listening.
onStarterGone(() => process.kill(process.pid, 'SIGINT'));
Object.assign(process.env, { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' }); // no network, no telemetry
process.argv = [process.execPath, WRANGLER_CLI, 'dev', ...args];
Module.runMain(WRANGLER_CLI);
