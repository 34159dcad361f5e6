// npm run soak: 100,000 requests at concurrency 64 against the sandbox as `npm start` runs
// it (seeded local KV, wrangler dev): a mix of fixture GETs, injected errors, progression and
// preflights. Then the same load against a constant Worker under the same wrangler dev, the
// baseline for memory (wrangler dev itself keeps memory per request); then both again in the
// package's engine (`npm run serve`, the CLI). Prints counts by status and memory at start and
// end; exits non-zero on an unexpected status or growth past the bounds. Loopback only; each
// phase stops by itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { readWorkerConfig, startEngine, type WorkerConfig } from '../node/engine';
import { planSources } from '../node/fixtures';
import { startSandbox } from '../node/sandbox';
import { jobPath } from '../src/routes/table';
import { rssMiB, workerdProcesses } from './bench/process-cpu';
import { constantWorker } from './bench/references';
import { buildPackage } from './build';
import { startDevSandbox, startWranglerDev } from './wrangler-dev';

const TOTAL = Number(process.env.SOAK_REQUESTS ?? 100_000);
const CONNECTIONS = 64;
const MAX_SECONDS = 600; // per phase
// What the sandbox may grow past a constant Worker in the same runtime under the same load:
// V8 sizes its heap to the allocation rate, and the sandbox allocates more per request (a
// parsed harness, a progression snapshot), so its heap settles higher without leaking.
const OWN_GROWTH_MIB = 128;
const WARM_UP = 2000; // requests before memory is first read
// In the package's engine nothing but V8 holds memory per request, and under this load its
// heap takes about 100,000 requests to settle (the sandbox's: 88 → 355 MiB, then +6 MiB over
// 150,000 more): there each phase first runs its whole load once, so that the measured run
// shows what requests keep, not the heap finding its size. (wrangler dev keeps memory per
// request itself, which only the baseline's same growth accounts for.)
const SETTLE = TOTAL;

type Phase = { url: string; pid: number; stop: () => Promise<void> | void };
type Outcome = { counts: Record<string, number>; done: number; growth: number; errors: number };

/** The one workerd process whose parent (ppid), or process group (pgrp), is `id`. */
function workerdBy(relation: 'ppid' | 'pgrp', id: number): number {
  const [pid] = workerdProcesses(relation, id);
  if (pid === undefined) throw new Error(`no workerd process with ${relation} ${id}`);
  return pid;
}

async function load(name: string, phase: Phase, path: string, mixed: boolean, warmUp = WARM_UP): Promise<Outcome> {
  const requests = mixed
    ? [
        { method: 'GET' as const, path },
        { method: 'GET' as const, path, headers: { 'x-mock-error': '503' } },
        {
          method: 'GET' as const,
          path,
          headers: {
            'x-mock-progression': 'start=2026-01-01T00:00:00Z; duration=600; outcome=FAILED',
            'x-mock-now': '2026-01-01T00:05:00Z',
          },
        },
        { method: 'OPTIONS' as const, path, headers: { origin: 'http://app.test', 'access-control-request-method': 'GET' } },
      ]
    : [{ method: 'GET' as const, path }];
  await autocannon({ url: phase.url, requests, connections: warmUp > WARM_UP ? CONNECTIONS : 8, amount: warmUp });
  const before = rssMiB(phase.pid);
  const run = autocannon({ url: phase.url, requests, connections: CONNECTIONS, amount: TOTAL, timeout: 10 });
  const stopper = setTimeout(() => (run as unknown as { stop: () => void }).stop(), MAX_SECONDS * 1000);
  const result = await run;
  clearTimeout(stopper);
  const after = rssMiB(phase.pid);
  const counts = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, count ?? 0]));
  console.log(
    `| ${name} | ${result.requests.total.toLocaleString('en-US')} in ${result.duration.toFixed(0)} s | ${JSON.stringify(counts)} | ${result.errors + result.timeouts} | ${before.toFixed(0)} → ${after.toFixed(0)} MiB (+${(after - before).toFixed(0)}) |`,
  );
  return { counts, done: result.requests.total, growth: after - before, errors: result.errors + result.timeouts };
}

/** The constant Worker in the package's engine (with its control and assets workers), for
 *  the baseline of the package's phase: the same runtime, configured the same way. */
async function constantInPackageEngine(job: unknown): Promise<Phase> {
  const [workerDir, persistRoot] = [mkdtempSync(join(tmpdir(), 'soak-constant-')), mkdtempSync(join(tmpdir(), 'soak-state-'))];
  writeFileSync(join(workerDir, 'index.js'), constantWorker(job).script);
  const config: WorkerConfig = { ...readWorkerConfig(), name: 'soak-constant', vars: {}, durable_objects: [], ratelimits: [] };
  writeFileSync(join(workerDir, 'config.json'), JSON.stringify(config));
  const engine = await startEngine({
    host: '127.0.0.1',
    port: 0,
    persistRoot,
    workerDir,
    log: false,
  });
  const stop = async () => {
    await engine.dispose();
    for (const dir of [workerDir, persistRoot]) rmSync(dir, { recursive: true, force: true });
  };
  return { url: engine.url, pid: workerdBy('ppid', process.pid), stop };
}

/** A load phase against the package's engine, as `npm run serve` and the CLI run it: Miniflare, in this process. */
async function packaged(path: string): Promise<Outcome> {
  const sandbox = await startSandbox({ fixtures: ['fixtures'], vars: { JOURNAL: 'off' } });
  try {
    return await load(
      'sandbox, the package (npm run serve)',
      { url: sandbox.url, pid: workerdBy('ppid', process.pid), stop: sandbox.stop },
      path,
      true,
      SETTLE,
    );
  } finally {
    await sandbox.stop();
  }
}

async function constantUnderWranglerDev(job: unknown): Promise<Phase> {
  const dir = mkdtempSync(join(tmpdir(), 'soak-baseline-'));
  writeFileSync(join(dir, 'index.js'), constantWorker(job).script);
  writeFileSync(join(dir, 'wrangler.toml'), 'name = "soak-baseline"\nmain = "index.js"\ncompatibility_date = "2026-04-20"\n');
  const dev = await startWranglerDev(['-c', join(dir, 'wrangler.toml')]);
  const stop = async () => {
    await dev.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: dev.url, pid: workerdBy('pgrp', dev.pid), stop };
}

async function main(): Promise<number> {
  await buildPackage({ types: false }); // dist/worker, which the package's engine serves
  const { entries } = planSources(['fixtures']);
  const job = JSON.parse(entries[0]?.value ?? '{}');
  const path = jobPath({ applicationId: job.ApplicationId, jobId: job.Id });
  console.log(`soak: ${TOTAL.toLocaleString('en-US')} requests a phase, ${CONNECTIONS} connections, loopback\n`);
  console.log('| phase | answered | by status | socket errors + timeouts | runtime memory (RSS) |');
  console.log('| --- | --- | --- | ---: | --- |');
  const failures: string[] = [];
  const expectMix = (name: string, o: Outcome) => {
    const unexpected = Object.keys(o.counts).filter((s) => s !== '200' && s !== '503');
    if (o.done < TOTAL) failures.push(`${name}: only ${o.done} answered`);
    if (unexpected.length > 0) failures.push(`${name}: unexpected statuses ${unexpected.join(', ')}`);
    if (Math.abs((o.counts['503'] ?? 0) - o.done / 4) > CONNECTIONS) failures.push(`${name}: 503s were not a quarter of the answers`);
    if (o.errors > 0) failures.push(`${name}: socket errors or timeouts`);
  };
  const expectGrowth = (name: string, o: Outcome, baseline: Outcome) => {
    if (o.growth > baseline.growth + OWN_GROWTH_MIB) {
      failures.push(`${name} grew ${o.growth.toFixed(0)} MiB, more than the baseline's ${baseline.growth.toFixed(0)} + ${OWN_GROWTH_MIB}`);
    }
  };

  const sandbox = await startDevSandbox({ JOURNAL: 'off' }); // a load test: the journal's cost is measured by the bench
  let devLog = '';
  try {
    const project = await load(
      'sandbox, wrangler dev (npm start)',
      { url: sandbox.url, pid: workerdBy('pgrp', sandbox.pid), stop: sandbox.stop },
      path,
      true,
    );
    expectMix('npm start', project);
    devLog = sandbox.log();
    await sandbox.stop();
    const baselinePhase = await constantUnderWranglerDev(job);
    try {
      const baseline = await load('constant Worker, wrangler dev (baseline)', baselinePhase, path, false);
      expectGrowth('npm start', project, baseline);
    } finally {
      await baselinePhase.stop();
    }
    const packagedRun = await packaged(path);
    expectMix('npm run serve', packagedRun);
    const constantPhase = await constantInPackageEngine(job);
    try {
      const packageBaseline = await load('constant Worker, the package’s engine (baseline)', constantPhase, path, false, SETTLE);
      expectGrowth('npm run serve', packagedRun, packageBaseline);
    } finally {
      await constantPhase.stop();
    }
  } finally {
    await sandbox.stop();
  }
  const logged = devLog.split('\n').filter((line) => /error|exception/i.test(line) && !/Request\.cf|workers\.cloudflare\.com/.test(line));
  if (logged.length > 0)
    console.log(`\nsoak: the runtime logged ${logged.length} error line(s); the first:\n  ${logged.slice(0, 10).join('\n  ')}`);
  console.log(
    `\nBounds: only 200 and 503 (a quarter of them) answered; in each runtime, the sandbox's memory growth at most a constant Worker's + ${OWN_GROWTH_MIB} MiB.`,
  );
  console.log(failures.length === 0 ? 'soak: passed' : `soak: FAILED: ${failures.join('; ')}`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`soak: ${(error as Error).message}`);
    process.exit(1);
  },
);
