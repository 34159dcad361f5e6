// The same bundle and fixtures under each way of serving it locally, and WireMock serving
// the same job JSON, one fixture-GET run each: what `npm start` and the package cost. Start
// times are compared as ratios within the run (a busy machine slows every mode alike): the
// package against WireMock, `npm start` against a constant Worker under the same `wrangler dev`.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startEngine } from '../../node/engine';
import { freePort, waitUntilServing } from '../loopback';
import { WRANGLER } from '../tools';
import { startNpmStart } from '../wrangler-dev';
import { runLoad } from './load';
import { constantWorker } from './references';
import { type KvEntry, startWorkerd } from './workerd';

interface Setup {
  dir: string;
  script: string;
  entries: KvEntry[];
  jobPath: string;
  job: unknown;
  seconds: number;
}

const WARM_UP_SECONDS = 2;
const JVM_WARM_UP_SECONDS = 5; // WireMock's JIT needs longer before its figures settle

type Server = { url: string; stop: () => Promise<void> | void };

const require = createRequire(import.meta.url);
const WIREMOCK_BIN = join(dirname(require.resolve('wiremock/package.json')), (require('wiremock/package.json') as { bin: string }).bin);

const NPM_START = 'npm start (seeds .wrangler/state, then wrangler dev)';
const CONSTANT_DEV = 'a constant Worker (the job’s JSON): npm start, its script wrangler dev';
// The package and WireMock each started by its npm bin script with this Node.js, as npm scripts
// and npx run them, without npx itself (a third of a second for either, not part of either).
const PACKAGE = 'the package: its bin, dist/cli.js (Miniflare, direct socket)';
const WIREMOCK = 'WireMock 3.13 (same job JSON): its bin (the wiremock npm package)';
const RAW_CONSTANT = 'a constant Worker (the job’s JSON) served by workerd directly: the runtime’s floor';
const MODES: [string, (s: Setup) => Promise<Server | null>, number][] = [
  [NPM_START, (s) => startNpmStart([], undefined, s.jobPath), WARM_UP_SECONDS],
  [CONSTANT_DEV, constantUnderWranglerDev, WARM_UP_SECONDS],
  [PACKAGE, packageCli, WARM_UP_SECONDS],
  ['the same engine through Miniflare’s entry worker', throughEntryWorker, WARM_UP_SECONDS],
  [WIREMOCK, wiremock, JVM_WARM_UP_SECONDS],
  [RAW_CONSTANT, constantUnderWorkerd, WARM_UP_SECONDS],
];
// The goals, as ratios of start times measured in the same run.
const PACKAGE_TO_WIREMOCK_START = 0.5;
const NPM_START_TO_CONSTANT_DEV_START = 1.2;
const PACKAGE_TO_WIREMOCK_RPS = 1.5; // at 32 connections, the journal on as users run it
const PACKAGE_TO_RAW_CONSTANT_MEDIAN = 1.3; // one request at a time

interface Figures {
  startS: number;
  rps: number;
  medianMs: number;
}

const SEQUENTIAL_REQUESTS = 2000;
// Each mode is started this many times and its median start kept: one start of about a second
// on a shared machine varies by a tenth, as much as the goals' margins.
const START_SAMPLES = 5;

/** The median time of one request at a time over one kept-alive connection, in ms: what a test suite's calls see. */
async function sequentialMedian(url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) {
    const started = performance.now();
    await (await fetch(url)).arrayBuffer();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

export async function servingModes(setup: Setup): Promise<void> {
  console.log(
    `\nServing modes, fixture GET: start (from the call to the first answer; the package’s, to its first answer with the fixture; the median of ${START_SAMPLES}), then one run each at 32 connections and one request at a time:\n`,
  );
  console.log(
    `| mode | start s (median; fastest–slowest) | req/s | p50 ms | p99 ms | median ms, 1 connection (${SEQUENTIAL_REQUESTS} in a row) |`,
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const figures = new Map<string, Figures>();
  for (const [name, start, warmUp] of MODES) {
    let server: Server | null = null;
    try {
      const starts: number[] = [];
      for (let i = 0; i < START_SAMPLES; i++) {
        await server?.stop(); // the last start's server is the one loaded below
        const startedAt = performance.now();
        server = await start(setup);
        starts.push((performance.now() - startedAt) / 1000);
        if (!server) break;
      }
      const startS = starts.sort((a, b) => a - b)[Math.floor(starts.length / 2)] as number;
      if (!server) {
        console.log(`| ${name} | not available (no java on PATH) | | | | |`);
        continue;
      }
      const url = `${server.url}${setup.jobPath}`;
      await runLoad({ url }, warmUp);
      const r = await runLoad({ url }, setup.seconds);
      const single = await sequentialMedian(url);
      figures.set(name, { startS, rps: r.rps, medianMs: single });
      console.log(
        `| ${name} | ${startS.toFixed(2)} (${starts[0]?.toFixed(2)}–${starts.at(-1)?.toFixed(2)}) | ${Math.round(r.rps).toLocaleString('en-US')} | ${r.p50ms.toFixed(2)} | ${r.p99ms.toFixed(2)} | ${single.toFixed(2)} |`,
      );
    } catch (error) {
      console.log(`| ${name} | failed: ${(error as Error).message.split('\n')[0]} | | | | |`);
    } finally {
      await server?.stop();
    }
  }
  printVerdict(figures);
}

/** The goals: each start as a ratio to its reference's, and the package's fixture GET at least as fast as WireMock's, both ways. */
function printVerdict(figures: Map<string, Figures>): void {
  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const ratio = (label: string, mode: string, reference: string, goal: number, of: (f: Figures) => number, atMost = true) => {
    const [m, r] = [figures.get(mode), figures.get(reference)];
    if (!m || !r) return console.log(`${label}: not measured (${m ? reference : mode} did not run)`);
    const value = of(m) / of(r);
    console.log(`${label}: ${value.toFixed(2)} (goal ${atMost ? '≤' : '≥'} ${goal}) ${verdict(atMost ? value <= goal : value >= goal)}`);
  };
  console.log('');
  const start = (f: Figures) => f.startS;
  ratio('npm start ready, over a constant Worker’s wrangler dev', NPM_START, CONSTANT_DEV, NPM_START_TO_CONSTANT_DEV_START, start);
  ratio('the package ready (its job answered), over WireMock’s start', PACKAGE, WIREMOCK, PACKAGE_TO_WIREMOCK_START, start);
  ratio(
    'the package’s req/s at 32 connections (journal on), over WireMock’s',
    PACKAGE,
    WIREMOCK,
    PACKAGE_TO_WIREMOCK_RPS,
    (f) => f.rps,
    false,
  );
  ratio('the package’s median at 1 connection, over WireMock’s', PACKAGE, WIREMOCK, 1, (f) => f.medianMs);
  ratio(
    'the package’s median at 1 connection, over the raw workerd constant’s',
    PACKAGE,
    RAW_CONSTANT,
    PACKAGE_TO_RAW_CONSTANT_MEDIAN,
    (f) => f.medianMs,
  );
}

/** A Worker that answers the job's JSON and nothing else, started as a Worker project starts
 *  it: `npm start`, whose script is `wrangler dev`. The floor for this project's npm start,
 *  which differs from it only in what it does before and inside wrangler dev. */
async function constantUnderWranglerDev(s: Setup): Promise<Server> {
  const dir = join(s.dir, 'constant-dev');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'worker.js'), constantWorker(s.job).script);
  writeFileSync(
    join(dir, 'wrangler.toml'),
    'name = "constant"\nmain = "worker.js"\ncompatibility_date = "2026-04-20"\nsend_metrics = false\n',
  );
  const [node, wrangler] = WRANGLER;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, scripts: { start: `${node} ${wrangler} dev` } }));
  return startNpmStart(['--persist-to', join(dir, 'state')], dir, s.jobPath);
}

/** The job's JSON from a constant Worker that workerd serves itself, no Miniflare and no
 *  wrangler in front: what one request costs the runtime alone, the floor of every mode above. */
async function constantUnderWorkerd(s: Setup): Promise<Server> {
  const port = await freePort();
  const child = await startWorkerd({ dir: join(s.dir, 'raw-constant'), ...constantWorker(s.job), entries: [], port });
  return { url: `http://127.0.0.1:${port}`, stop: () => void child.kill('SIGKILL') };
}

/** The package as a user starts it: its CLI, from spawning it to serving the fixture (the README's job, among its sample jobs). */
async function packageCli(s: Setup): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/cli.js', '--port', String(port)], { stdio: 'ignore' }); // its sample jobs, as npx starts it
  const stop = () => {
    child.kill('SIGTERM');
    return new Promise<void>((resolve) => (child.exitCode === null ? child.once('exit', () => resolve()) : resolve()));
  };
  try {
    await waitUntilServing(`http://127.0.0.1:${port}${s.jobPath}`, child, 'the package CLI', 30_000, (r) => r.ok);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}

/** The same engine, reached through Miniflare's entry worker instead of the direct socket: why node/engine.ts uses the latter. */
async function throughEntryWorker(s: Setup): Promise<Server> {
  const persistRoot = join(s.dir, 'modes-entry');
  const { miniflare, control } = await startEngine({ host: '127.0.0.1', port: 0, persistRoot, log: false });
  await control('put', { entries: s.entries });
  return { url: (await miniflare.ready).origin, stop: () => miniflare.dispose() };
}

async function wiremock(s: Setup): Promise<Server | null> {
  const root = join(s.dir, 'wiremock');
  mkdirSync(join(root, 'mappings'), { recursive: true });
  const mapping = {
    request: { method: 'GET', urlPath: s.jobPath },
    response: { status: 200, jsonBody: s.job, headers: { 'content-type': 'application/json' } },
  };
  writeFileSync(join(root, 'mappings', 'job.json'), JSON.stringify(mapping));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [WIREMOCK_BIN, '--port', String(port), '--bind-address', '127.0.0.1', '--root-dir', root, '--disable-banner'],
    { detached: true, stdio: 'ignore' }, // its own group: the java it starts is stopped with it
  );
  const stop = () => {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {} // already gone
  };
  try {
    await waitUntilServing(`http://127.0.0.1:${port}${s.jobPath}`, child, 'WireMock', 60_000, (r) => r.ok); // ok once its mapping is loaded
  } catch (error) {
    stop();
    if (child.exitCode !== null) return null; // no java on PATH
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}
