// The same bundle and fixtures under each way of serving it locally, and WireMock serving
// the same job JSON, one fixture-GET run each: what `npm start` and `npm run serve` cost.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Log, LogLevel, Miniflare } from 'miniflare';
import { unstable_readConfig } from 'wrangler';
import { freePort, waitUntilServing } from '../loopback';
import { type KvEntry, startWorkerd } from '../workerd-server';
import { startSandbox } from '../wrangler-dev';
import { runLoad } from './load';

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

const MODES: [string, (s: Setup) => Promise<Server | null>, number][] = [
  ['wrangler dev (npm start)', async () => startSandbox(), WARM_UP_SECONDS],
  ['Miniflare API', miniflare, WARM_UP_SECONDS],
  ['workerd direct (npm run serve)', workerd, WARM_UP_SECONDS],
  ['WireMock 3.13 (same job JSON)', wiremock, JVM_WARM_UP_SECONDS],
];

const SEQUENTIAL_REQUESTS = 2000;

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
    '\nServing modes, fixture GET, one run each: start (from the call to the first answer), 32 connections, then one request at a time:\n',
  );
  console.log(`| mode | start s | req/s | p50 ms | p99 ms | median ms, 1 connection (${SEQUENTIAL_REQUESTS} in a row) |`);
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, start, warmUp] of MODES) {
    let server: Server | null = null;
    try {
      const startedAt = performance.now();
      server = await start(setup);
      const startS = (performance.now() - startedAt) / 1000;
      if (!server) {
        console.log(`| ${name} | not available (no java on PATH) | | | | |`);
        continue;
      }
      const url = `${server.url}${setup.jobPath}`;
      await runLoad({ url }, warmUp);
      const r = await runLoad({ url }, setup.seconds);
      const single = await sequentialMedian(url);
      console.log(
        `| ${name} | ${startS.toFixed(1)} | ${Math.round(r.rps).toLocaleString('en-US')} | ${r.p50ms.toFixed(2)} | ${r.p99ms.toFixed(2)} | ${single.toFixed(2)} |`,
      );
    } catch (error) {
      console.log(`| ${name} | failed: ${(error as Error).message.split('\n')[0]} | | | | |`);
    } finally {
      await server?.stop();
    }
  }
}

async function miniflare(s: Setup): Promise<Server> {
  const config = unstable_readConfig({ config: 'wrangler.toml' });
  const port = await freePort();
  const mf = new Miniflare({
    modules: true,
    script: s.script,
    compatibilityDate: config.compatibility_date,
    kvNamespaces: ['JOBS'],
    bindings: config.vars as Record<string, string>,
    host: '127.0.0.1',
    port,
    log: new Log(LogLevel.WARN),
    cf: false, // no request to Cloudflare for a .cf object: the bench runs offline
  });
  await mf.ready;
  const kv = await mf.getKVNamespace('JOBS');
  for (const { key, value } of s.entries) await kv.put(key, value);
  return { url: `http://127.0.0.1:${port}`, stop: () => mf.dispose() };
}

async function workerd(s: Setup): Promise<Server> {
  const port = await freePort();
  const child = await startWorkerd({ dir: join(s.dir, 'modes-workerd'), script: s.script, entries: s.entries, port, tenants: true });
  return { url: `http://127.0.0.1:${port}`, stop: () => void child.kill('SIGKILL') };
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
    'npx',
    ['wiremock', '--port', String(port), '--bind-address', '127.0.0.1', '--root-dir', root, '--disable-banner'],
    {
      detached: true,
      stdio: 'ignore',
    },
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
