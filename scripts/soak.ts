// npm run soak: 100,000 requests a phase (SOAK_REQUESTS) at concurrency 64 against the sandbox
// as `npm start` runs it (seeded local KV, wrangler dev), with the journal on: a mix of what
// users send (fixture GETs, injected errors, progression, preflights, creates, lists and GETs
// of created jobs, S3 listings and GetObjects), all of one tenant. Then a constant Worker under
// the same wrangler dev, the baseline for memory (wrangler dev itself keeps memory per
// request); then both again in the package's engine as `--isolates 4` runs it. Prints counts by
// status and memory at start and end; exits non-zero on an unexpected status or growth past
// the bounds. Loopback only; each phase stops by itself. `npm test` runs a short one
// (test/node/soak.spec.ts), so that the script keeps working.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { readWorkerConfig, startEngine, type WorkerConfig } from '../node/engine';
import { planSources } from '../node/fixtures';
import { startSandbox } from '../node/sandbox';
import { unsignedAuthorization } from '../src/gateway/credential';
import { MAX_TENANT_MAX_JOBS } from '../src/limits';
import { S3_MOUNT } from '../src/routes/table';
import { rssMiB, workerdProcesses } from './bench/process-cpu';
import { constantWorker } from './bench/references';
import { buildPackage } from './build';
import { startDevSandbox, startWranglerDev } from './wrangler-dev';

const TOTAL = Number(process.env.SOAK_REQUESTS ?? 100_000);
const BUILT = process.env.SOAK_BUILT === '1'; // dist/ is built already (the test run's): not built again under running tests
const CONNECTIONS = 64;
const ISOLATES = 4; // the package's phases, as the hosted URL spreads requests
// Creates run all through a phase (its settling run too): no 429 at the default bound.
const VARS = { TENANT_MAX_JOBS: String(MAX_TENANT_MAX_JOBS) };
const TENANT = { authorization: unsignedAuthorization('AKIDSOAK') }; // the tenant whose journal and jobs take the load
// The mix's creates are another tenant's: an S3 request reads its tenant's jobs in the bucket
// (TenantState.inBucket scans them all), so a reading tenant holding thousands of created jobs
// would make the S3 rows slower as the run goes on, a cost of the run's length, not of a request.
const CREATOR = { authorization: unsignedAuthorization('AKIDSOAKCREATES') };
const createBody = (bucket: string) =>
  JSON.stringify({ RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: `s3://${bucket}/exports/` });
// The mix's creates export to a bucket of their own: a listing's cost grows with the completed
// jobs in its bucket (each object measured once per isolate), and the read one must stay the same.
const [READ_BUCKET, CREATE_BUCKET] = ['soak', 'soak-created'];
const EXPORT_LIFE = 'duration=1; outcome=COMPLETED; pieces=2; endpoints=50'; // small pieces: the load is requests, not gzip
// Per phase: on a shared 2-core machine the mix runs at 110 to 200 requests a second (creates and
// lists are Durable Object calls of one tenant, one at a time), so 100,000 take up to a quarter of an hour.
const MAX_SECONDS = 1800;
// What the sandbox may grow past a constant Worker in the same runtime under the same load:
// V8 sizes its heap to the allocation rate, and the sandbox allocates more per request (a
// parsed harness, a progression snapshot), so its heap settles higher without leaking.
const OWN_GROWTH_MIB = 128;
const WARM_UP = Math.min(2000, Math.ceil(TOTAL / 2)); // requests before memory is first read (fewer in a short run)
// In the package's engine nothing but V8 holds memory per request, and under this load its
// heap takes about 100,000 requests to settle (the sandbox's: 88 → 355 MiB, then +6 MiB over
// 150,000 more): there each phase first runs its whole load once, so that the measured run
// shows what requests keep, not the heap finding its size. (wrangler dev keeps memory per
// request itself, which only the baseline's same growth accounts for.)
const SETTLE = TOTAL;

type Phase = { url: string; pid: number; stop: () => Promise<void> | void };
type SoakRequest = { method: 'GET' | 'POST' | 'OPTIONS'; path: string; headers?: Record<string, string>; body?: string };
type Outcome = { counts: Record<string, number>; done: number; growth: number; errors: number };

/** The one workerd process whose parent (ppid), or process group (pgrp), is `id`. */
function workerdBy(relation: 'ppid' | 'pgrp', id: number): number {
  const [pid] = workerdProcesses(relation, id);
  if (pid === undefined) throw new Error(`no workerd process with ${relation} ${id}`);
  return pid;
}

/** The paths the mix reads: a seeded job, its application's jobs, a job the tenant created, and a completed export's listing and object. */
interface Targets {
  job: string;
  jobs: string;
  created: string;
  listing: string;
  object: string;
}

/** Creates the jobs the mix reads, through the sandbox's API, and waits for the export's objects. */
async function prepare(url: string, job: { ApplicationId: string; Id: string }): Promise<Targets> {
  const jobs = `/v1/apps/${job.ApplicationId}/jobs/export`;
  const create = async (headers: Record<string, string> = {}) => {
    const answer = await fetch(`${url}${jobs}`, { method: 'POST', body: createBody(READ_BUCKET), headers: { ...TENANT, ...headers } });
    if (answer.status !== 202) throw new Error(`a create answered ${answer.status}: ${await answer.text()}`);
    return ((await answer.json()) as { Id: string }).Id;
  };
  const exported = await create({ 'x-mock-progression': EXPORT_LIFE });
  const targets = {
    job: `${jobs}/${job.Id}`,
    jobs,
    created: `${jobs}/${await create()}`,
    listing: `${S3_MOUNT}/${READ_BUCKET}?list-type=2&prefix=${encodeURIComponent(`exports/${exported}/`)}`,
    object: `${S3_MOUNT}/${READ_BUCKET}/exports/${exported}/part-00001.gz`,
  };
  for (const deadline = Date.now() + 30_000; (await fetch(`${url}${targets.object}`, { headers: TENANT })).status !== 200; ) {
    if (Date.now() > deadline) throw new Error(`${targets.object} is not served after its job's life`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return targets;
}

/** What users send, one of each in turn; one in MIX_ERRORS of them an injected 503. */
const mix = (t: Targets): SoakRequest[] => [
  { method: 'GET', path: t.job, headers: TENANT },
  { method: 'GET', path: t.job, headers: { ...TENANT, 'x-mock-error': '503' } },
  {
    method: 'GET',
    path: t.job,
    headers: {
      ...TENANT,
      'x-mock-progression': 'start=2026-01-01T00:00:00Z; duration=600; outcome=FAILED',
      'x-mock-now': '2026-01-01T00:05:00Z',
    },
  },
  { method: 'OPTIONS', path: t.job, headers: { origin: 'http://app.test', 'access-control-request-method': 'GET' } },
  { method: 'POST', path: t.jobs, headers: { ...CREATOR, 'content-type': 'application/json' }, body: createBody(CREATE_BUCKET) },
  { method: 'GET', path: t.jobs, headers: TENANT },
  { method: 'GET', path: t.created, headers: TENANT },
  { method: 'GET', path: t.listing, headers: TENANT },
  { method: 'GET', path: t.object, headers: TENANT },
];
const MIX_ERRORS = 1; // the mix's injected errors

async function load(name: string, phase: Phase, targets: Targets, mixed: boolean, warmUp = WARM_UP): Promise<Outcome> {
  const requests: SoakRequest[] = mixed ? mix(targets) : [{ method: 'GET', path: targets.job }];
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
  // The engine's gate re-exports the bundle's Durable Object class: a constant Worker has one that nothing binds.
  writeFileSync(join(workerDir, 'index.js'), `${constantWorker(job).script}\nexport class TenantState {}\n`);
  const config: WorkerConfig = { ...readWorkerConfig(), name: 'soak-constant', vars: {}, durable_objects: [], ratelimits: [] };
  writeFileSync(join(workerDir, 'config.json'), JSON.stringify(config));
  const engine = await startEngine({
    host: '127.0.0.1',
    port: 0,
    persistRoot,
    workerDir,
    isolates: ISOLATES,
    log: false,
  });
  const stop = async () => {
    await engine.dispose();
    for (const dir of [workerDir, persistRoot]) rmSync(dir, { recursive: true, force: true });
  };
  return { url: engine.url, pid: workerdBy('ppid', process.pid), stop };
}

/** A load phase against the package's engine, as the CLI runs it with `--isolates 4`: Miniflare, in this process. */
async function packaged(job: { ApplicationId: string; Id: string }): Promise<Outcome> {
  const sandbox = await startSandbox({ fixtures: ['fixtures'], vars: VARS, isolates: ISOLATES });
  try {
    return await load(
      `sandbox, the package (--isolates ${ISOLATES})`,
      { url: sandbox.url, pid: workerdBy('ppid', process.pid), stop: sandbox.stop },
      await prepare(sandbox.url, job),
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
  if (!BUILT) await buildPackage({ types: false }); // dist/worker, which the package's engine serves
  const { entries } = planSources(['fixtures']);
  const job = JSON.parse(entries[0]?.value ?? '{}');
  const constantTargets = { job: `/v1/apps/${job.ApplicationId}/jobs/export/${job.Id}` } as Targets; // a constant answers any path
  console.log(`soak: ${TOTAL.toLocaleString('en-US')} requests a phase, ${CONNECTIONS} connections, loopback\n`);
  console.log('| phase | answered | by status | socket errors + timeouts | runtime memory (RSS) |');
  console.log('| --- | --- | --- | ---: | --- |');
  const failures: string[] = [];
  const share = MIX_ERRORS / mix(constantTargets).length;
  const expectMix = (name: string, o: Outcome) => {
    const unexpected = Object.keys(o.counts).filter((s) => !['200', '202', '503'].includes(s));
    // autocannon ends a run once each connection has sent its share, and counts the answers in by then: a connection's last may be out.
    if (o.done < TOTAL - CONNECTIONS) failures.push(`${name}: only ${o.done} answered`);
    if (unexpected.length > 0) failures.push(`${name}: unexpected statuses ${unexpected.join(', ')}`);
    if (Math.abs((o.counts['503'] ?? 0) - o.done * share) > CONNECTIONS)
      failures.push(`${name}: 503s were not ${share.toFixed(3)} of the answers`);
    if (o.errors > 0) failures.push(`${name}: socket errors or timeouts`);
  };
  const expectGrowth = (name: string, o: Outcome, baseline: Outcome) => {
    if (o.growth > baseline.growth + OWN_GROWTH_MIB) {
      failures.push(`${name} grew ${o.growth.toFixed(0)} MiB, more than the baseline's ${baseline.growth.toFixed(0)} + ${OWN_GROWTH_MIB}`);
    }
  };

  const sandbox = await startDevSandbox(VARS);
  let devLog = '';
  try {
    const project = await load(
      'sandbox, wrangler dev (npm start)',
      { url: sandbox.url, pid: workerdBy('pgrp', sandbox.pid), stop: sandbox.stop },
      await prepare(sandbox.url, job),
      true,
    );
    expectMix('npm start', project);
    devLog = sandbox.log();
    await sandbox.stop();
    const baselinePhase = await constantUnderWranglerDev(job);
    try {
      const baseline = await load('constant Worker, wrangler dev (baseline)', baselinePhase, constantTargets, false);
      expectGrowth('npm start', project, baseline);
    } finally {
      await baselinePhase.stop();
    }
    const packagedRun = await packaged(job);
    expectMix(`the package, --isolates ${ISOLATES}`, packagedRun);
    const constantPhase = await constantInPackageEngine(job);
    try {
      const packageBaseline = await load(
        `constant Worker, the package’s engine, ${ISOLATES} isolates (baseline)`,
        constantPhase,
        constantTargets,
        false,
        SETTLE,
      );
      expectGrowth(`the package, --isolates ${ISOLATES}`, packagedRun, packageBaseline);
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
    `\nBounds: only 200, 202 and 503 (${MIX_ERRORS} in ${mix(constantTargets).length}) answered; in each runtime, the sandbox's memory growth at most a constant Worker's + ${OWN_GROWTH_MIB} MiB.`,
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
