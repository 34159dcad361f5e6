// npm run bench: the sandbox against reference Workers in the same runtime (workerd, same KV
// contents; see bench/references.ts), driven in turn with the same load; then bundle size,
// KV reads per request, CPU per 10,000 requests, and the serving modes beside WireMock.
// Loopback only; about two minutes (BENCH_SECONDS sets each run's length, default 3).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { planSources } from '../node/fixtures';
import { S3_MOUNT } from '../node/s3-endpoint';
import { unsignedAuthorization } from '../src/gateway/credential';
import type { ExportJobResponse } from '../src/jobs/schema';
import { jobEntries } from '../src/jobs/seed-entries';
import { MAX_TENANT_MAX_JOBS } from '../src/limits';
import { compilePath, fillPath } from '../src/routes/paths';
import { JOB_PATH, JOBS_PATH, jobPath } from '../src/routes/table';
import { firstReadWorkers } from './bench/first-read';
import { inIsolate } from './bench/in-isolate';
import { fetchAgain, type Load, loadTool } from './bench/load';
import { type Measured, measure } from './bench/measure';
import { pythonStart } from './bench/python-start';
import { constantWorker, type Reference, replayWorker, routerFloorWorker, throughRouter } from './bench/references';
import { servingModes } from './bench/serving-modes';
import { type KvEntry, startWorkerd } from './bench/workerd';
import { builtWorker } from './build';
import { freePort } from './loopback';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const IN_ISOLATE_TO_FLOOR = 1.3; // the goal for a fixture GET in one isolate: the project's time over the router floor's
const FLOOR_ROUNDS = 9; // the fixture GET's rounds in one isolate (the others take 3)
const ROUNDS = 2;
const QUICK = process.env.BENCH_QUICK === '1'; // fixture GET only, no serving modes: for a quick check while tuning
const ONLY = process.env.BENCH_ONLY; // only the scenarios whose name holds this text, and no serving modes; "modes": the serving modes alone; "python": the pytest plugin's start alone

/** A load and where it goes: the fixture job's path unless it says otherwise. */
type Scenario = [name: string, target: number | undefined, load: Omit<Load, 'url'> & { path?: keyof Paths; journal?: boolean }];

interface Paths {
  job: string; // a seeded job
  created: string; // a job the benchmark's tenant created
  jobs: string; // the seeded job's application: its list, and where jobs are created
  piece: string; // GetObject: the one piece of a completed 1,000-endpoint export
  listing: string; // ListObjectsV2 of a completed 10-piece export
}

const CREATE_BODY = JSON.stringify({ RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: 's3://bench/exports/' });

// The exports the S3 rows read: one-second lives, waited out before the load begins.
const EXPORT_LIVES = {
  piece: 'duration=1; outcome=COMPLETED; pieces=1; endpoints=1000',
  listing: 'duration=1; outcome=COMPLETED; pieces=10; endpoints=1000',
};
const S3_ROWS = new Set<keyof Paths>(['piece', 'listing']);

const SCENARIOS: Scenario[] = [
  ['fixture GET', 0.9, {}],
  // The same, with the request journal on: each request is recorded in its tenant's Durable Object after the answer.
  [
    'fixture GET, JOURNAL on',
    0.9,
    {
      journal: true,
      headers: {
        authorization: unsignedAuthorization('AKIDBENCH'),
      },
    },
  ],
  [
    'GET x-mock-progression',
    0.85,
    {
      headers: { 'x-mock-progression': 'start=2026-01-01T00:00:00Z; duration=3600; outcome=FAILED', 'x-mock-now': '2026-01-01T00:30:00Z' },
    },
  ],
  ['GET x-mock-error: 404', 0.85, { headers: { 'x-mock-error': '404' } }],
  [
    'OPTIONS preflight',
    0.9,
    {
      method: 'OPTIONS',
      headers: { origin: 'http://app.test', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-mock-error' },
    },
  ],
  // The operations with tenant state: each costs one Durable Object call (and create, a SQLite write).
  ['CreateExportJob', undefined, { method: 'POST', path: 'jobs', body: CREATE_BODY, headers: { 'content-type': 'application/json' } }],
  ['GET a created job', undefined, { path: 'created' }],
  ['GetExportJobs (11 seeded, page of 20)', undefined, { path: 'jobs' }],
  // The S3 API: each object generated, gzipped and hashed on every GetObject; replay is a constant Worker answering the same bytes.
  ['S3 GetObject (1,000-endpoint piece)', undefined, { path: 'piece' }],
  ['S3 ListObjectsV2 (10-piece export)', undefined, { path: 'listing' }],
];

// The in-isolate figures that decide the harness's memos (parse.ts, progress.ts) and how errors travel (router.ts).
const IN_ISOLATE_ALSO = SCENARIOS.filter(([name]) => name === 'GET x-mock-progression' || name === 'GET x-mock-error: 404');

const JOB_PATTERN = compilePath(JOB_PATH); // the pattern src/router.ts gives itty
const floorOf = (job: unknown) => routerFloorWorker(job, JOB_PATTERN);

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface Served {
  child: ChildProcess;
  origin: string;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true })); // the bench ends with process.exit, passed or failed
  const script = await builtWorker();
  const { entries } = planSources(['fixtures']);
  const job = JSON.parse(entries.find((e) => e.value.includes('"FAILED"'))?.value ?? entries[0]?.value ?? '{}');
  const path = jobPath({ applicationId: job.ApplicationId, jobId: job.Id });
  const jobs = fillPath(JOBS_PATH, { 'application-id': job.ApplicationId });
  if (ONLY === 'modes') return servingModes({ dir, script, entries, jobPath: path, job, seconds: SECONDS }); // nothing else
  if (ONLY === 'python') return pythonStart();
  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  };
  process.on('exit', stopAll);
  const serve = async (name: string, reference: Reference, statsPort?: number, journal = false): Promise<Served> => {
    const port = await freePort();
    // Create runs for seconds: no 429 at the default bound. The journal is measured in its own scenario.
    const vars = { TENANT_MAX_JOBS: String(MAX_TENANT_MAX_JOBS), JOURNAL: journal ? 'on' : 'off' };
    const child = await startWorkerd({ dir: join(dir, name), ...reference, entries, port, statsPort, vars });
    children.push(child);
    return { child, origin: `http://127.0.0.1:${port}` };
  };
  try {
    const statsPort = await freePort();
    const project = await serve('project', { script }, statsPort);
    const created = await fetchAgain(`${project.origin}${jobs}`, { method: 'POST', body: CREATE_BODY });
    const exported = async (life: string, object: (folder: string) => string) => {
      const headers = { 'x-mock-progression': life };
      const answer = await fetchAgain(`${project.origin}${jobs}`, { method: 'POST', body: CREATE_BODY, headers });
      const path = object(`exports/${((await answer.json()) as { Id: string }).Id}/`);
      for (const deadline = Date.now() + 30_000; (await fetchAgain(`${project.origin}${path}`)).status !== 200; ) {
        if (Date.now() > deadline) throw new Error(`${path} is not served 200 after its job's life`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return path;
    };
    const paths: Paths = {
      job: path,
      jobs,
      created: `${jobs}/${((await created.json()) as { Id: string }).Id}`,
      piece: await exported(EXPORT_LIVES.piece, (folder) => `${S3_MOUNT}/bench/${folder}part-00000.gz`),
      listing: await exported(EXPORT_LIVES.listing, (folder) => `${S3_MOUNT}/bench?list-type=2&prefix=${encodeURIComponent(folder)}`),
    };
    const constant = await serve('constant', constantWorker(job));
    const floor = await serve('router-floor', floorOf(job));
    printHeading();
    let fixtureReplay: Reference | undefined;
    const readsBefore = await kvReads(statsPort);
    const chosen = ONLY ? SCENARIOS.filter(([name]) => name.includes(ONLY)) : QUICK ? SCENARIOS.slice(0, 1) : SCENARIOS;
    for (const [name, target, { path: pathName = 'job', journal, ...load }] of chosen) {
      const journaling = journal ? await serve('project-journal', { script }, undefined, true) : undefined;
      const at = (s: Served) => ({ ...load, url: `${s.origin}${paths[pathName]}` });
      const replayed = await replayWorker(at(project));
      if (name === 'fixture GET') fixtureReplay = replayed;
      const replay = await serve('replay', replayed);
      const withFloor = name === 'fixture GET';
      const served = [constant, replay, journaling ?? project, ...(withFloor ? [floor] : [])];
      const [c, r, p, f] = await measure(
        served.map((s) => [s.child, at(s)]),
        ROUNDS,
        SECONDS,
      );
      replay.child.kill('SIGKILL');
      journaling?.child.kill('SIGKILL');
      printRow(name, target, c as Measured, r as Measured, p as Measured);
      if (S3_ROWS.has(pathName)) printPerObject(r as Measured, p as Measured);
      if (f) {
        console.log(
          `|   router floor, the constant through itty-router alone: ${fmt(f.result.rps)} req/s, ratio to constant ${fmt(f.result.rps / (c as Measured).result.rps, 2)}, CPU ${fmt(f.cpuPer10k, 2)} s per 10k ||||||||`,
        );
        const reads = (await kvReads(statsPort)) - readsBefore;
        const requests = (p as Measured).result.requests;
        console.log(`|   KV reads: ${reads} for ${fmt(requests)} requests = ${(reads / requests).toExponential(1)} per request ||||||||`);
      }
    }
    const gzip = gzipSync(script).length;
    console.log(
      `\nBundle (wrangler deploy --dry-run, minified): ${fmt(script.length / 1024, 2)} KiB raw, ${fmt(gzip / 1024, 2)} KiB gzip (target ≤ 10 KiB gzip).`,
    );
    stopAll();
    await printInIsolate(dir, entries, path, 'fixture GET', {
      constant: constantWorker(job),
      replay: fixtureReplay,
      'router floor': floorOf(job),
      'replay through the router': fixtureReplay && throughRouter(fixtureReplay, JOB_PATTERN),
      project: { script },
    });
    for (const [name, , load] of IN_ISOLATE_ALSO) {
      await printInIsolate(dir, entries, path, name, { constant: constantWorker(job), project: { script } }, load.headers);
    }
    if (!ONLY || 'S3'.includes(ONLY) || ONLY.includes('S3')) {
      await printBucketSizes(dir, entries, script);
      await printFirstRead(dir, entries);
    }
    if (!QUICK && !ONLY) await servingModes({ dir, script, entries, jobPath: path, job, seconds: SECONDS });
    if (!QUICK && !ONLY) await pythonStart();
  } finally {
    stopAll();
  }
}

function printHeading(): void {
  console.log(`Load: ${loadTool}, ${SECONDS} s a run, ${ROUNDS} rounds taking the Workers in turn; runtime: workerd, served directly.`);
  console.log(
    "Constant: the job's JSON alone. Replay: the project's own answer to the scenario (status, headers, body), captured once and served as a constant.\n",
  );
  console.log(
    '| scenario | constant req/s | replay req/s | project req/s | ratio to constant (target) | ratio to replay | p50 / p99 ms, constant · replay · project | CPU s per 10k req, constant / replay / project |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
}

function printRow(name: string, target: number | undefined, c: Measured, r: Measured, p: Measured): void {
  const ratio = p.result.rps / c.result.rps;
  const latency = [c, r, p].map((m) => `${fmt(m.result.p50ms, 2)} / ${fmt(m.result.p99ms, 2)}`).join(' · ');
  const cpu = [c, r, p].map((m) => fmt(m.cpuPer10k, 2)).join(' / ');
  const verdict =
    target === undefined ? `${fmt(ratio, 2)} (no target)` : `${fmt(ratio, 2)} (≥ ${target}) ${ratio >= target ? 'ok' : 'BELOW'}`;
  console.log(
    `| ${name} | ${fmt(c.result.rps)} | ${fmt(r.result.rps)} | ${fmt(p.result.rps)} | ${verdict} | ${fmt(p.result.rps / r.result.rps, 2)} | ${latency} | ${cpu} |`,
  );
}

/** An S3 row's CPU per request (one object, or one listing), the project's and what the sandbox's work adds to the same bytes served as a constant. */
function printPerObject(r: Measured, p: Measured): void {
  const ms = (m: Measured) => m.cpuPer10k / 10; // s per 10k requests = ms per 10 requests
  console.log(
    `|   CPU per request: ${fmt(ms(p), 3)} ms project, ${fmt(ms(r), 3)} ms the same bytes as a constant, +${fmt(ms(p) - ms(r), 3)} ms the sandbox's work ||||||||`,
  );
}

async function printInIsolate(
  dir: string,
  entries: KvEntry[],
  path: string,
  scenario: string,
  workers: Record<string, Reference | undefined>,
  headers: Record<string, string> = {},
) {
  const present = Object.fromEntries(Object.entries(workers).filter((e): e is [string, Reference] => e[1] !== undefined));
  // The router floor's ratio is a goal: more rounds, since a best of three swung by a third between runs of one build.
  const rounds = present['router floor'] ? FLOOR_ROUNDS : 3;
  const us = await inIsolate(dir, entries, path, present, { headers, rounds });
  const base = us.constant ?? 0;
  const figures = Object.entries(us).map(([name, t]) => `${name} ${fmt(t, 1)}${name === 'constant' ? '' : ` (+${fmt(t - base, 1)})`}`);
  console.log(`\nIn one isolate, no HTTP (${scenario}, µs per call, best of ${rounds} × 10,000): ${figures.join(', ')}.`);
  const [floor, bound, project] = [us['router floor'], us['replay through the router'], us.project];
  if (floor && project) {
    const verdict = project / floor <= IN_ISOLATE_TO_FLOOR ? 'ok' : 'MISSED';
    const least = bound ? `; the project's own answer through the router alone: ${fmt(bound / floor, 2)}` : '';
    console.log(`The project over the router floor: ${fmt(project / floor, 2)} (goal ≤ ${IN_ISOLATE_TO_FLOOR}) ${verdict}${least}.`);
  }
}

/** GetObject, and a listing of one job's folder, in a bucket of one seeded export and in one of
 *  BUCKET_EXPORTS (each a completed piece of 1,000 endpoints), in one isolate: repeated reads, the
 *  bytes kept after the first. The goal: the larger bucket costs at most 1.3 times the smaller. */
const BUCKET_EXPORTS = 400;
async function printBucketSizes(dir: string, entries: KvEntry[], script: string): Promise<void> {
  const job = JSON.parse(
    entries.find((e) => e.key.startsWith('job:') && e.value.includes('"COMPLETED"'))?.value ?? '{}',
  ) as ExportJobResponse;
  const exportTo = (bucket: string, i: number): ExportJobResponse => ({
    ...job,
    Id: `bench${String(i).padStart(4, '0')}`,
    JobStatus: 'COMPLETED',
    TotalPieces: 1,
    CompletedPieces: 1,
    FailedPieces: 0,
    TotalProcessed: 1000,
    TotalFailures: 0,
    CompletionDate: job.CompletionDate ?? job.CreationDate,
    Definition: { ...job.Definition, S3UrlPrefix: `s3://${bucket}/exports/` },
  });
  const jobs = [exportTo('bench-one', 0), ...Array.from({ length: BUCKET_EXPORTS }, (_, i) => exportTo('bench-many', i))];
  const seeded = [...entries, ...jobs.flatMap((j) => jobEntries(j) as KvEntry[])];
  const object = (bucket: string) => `${S3_MOUNT}/${bucket}/exports/bench0000/part-00000.gz`;
  const folder = (bucket: string) => `${S3_MOUNT}/${bucket}?list-type=2&prefix=exports/bench0000/`;
  for (const [what, pathOf] of [
    ['S3 GetObject', object],
    ["S3 ListObjectsV2 of one job's folder", folder],
  ] as const) {
    const us = await inIsolate(
      dir,
      seeded,
      pathOf('bench-one'),
      { 'bucket of 1': { script }, [`bucket of ${BUCKET_EXPORTS}`]: { script } },
      { paths: { [`bucket of ${BUCKET_EXPORTS}`]: pathOf('bench-many') }, calls: 2_000 },
    );
    const [one, many] = [us['bucket of 1'] ?? 0, us[`bucket of ${BUCKET_EXPORTS}`] ?? 0];
    const ratio = many / one;
    console.log(
      `\nIn one isolate (${what}, a 1,000-endpoint piece, µs per call, best of 3 × 2,000): bucket of 1 export ${fmt(one, 1)}, bucket of ${BUCKET_EXPORTS} ${fmt(many, 1)}; ratio ${fmt(ratio, 2)} (≤ 1.3) ${ratio <= 1.3 ? 'ok' : 'ABOVE'}.`,
    );
  }
}

/** A first read's cost a line, step by step, in one isolate (bench/first-read.ts). */
const FIRST_READ_LINES = 1000;
async function printFirstRead(dir: string, entries: KvEntry[]): Promise<void> {
  const us = await inIsolate(dir, entries, '/', await firstReadWorkers(FIRST_READ_LINES), { calls: 20 });
  const perLine = (step: string) => (us[step] ?? 0) / FIRST_READ_LINES;
  const whole = perLine('gzipped and hashed');
  const steps = [
    `generated and encoded ${fmt(perLine('generated'), 2)}`,
    `gzip +${fmt(perLine('gzipped') - perLine('generated'), 2)}`,
    `MD5 +${fmt(whole - perLine('gzipped'), 2)}`,
  ];
  const gzipAlone = `the runtime's gzip alone, of the same lines made once: ${fmt(perLine('gzip alone'), 2)}`;
  console.log(
    `\nIn one isolate (a first read of ${fmt(FIRST_READ_LINES)} lines, µs a line, best of 3 × 20): ${steps.join(', ')}; in all ${fmt(whole, 2)} (≤ 8) ${whole <= 8 ? 'ok' : 'ABOVE'}; ${gzipAlone}.`,
  );
}

async function kvReads(statsPort: number): Promise<number> {
  return ((await (await fetchAgain(`http://127.0.0.1:${statsPort}/reads`)).json()) as { reads: number }).reads;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench: ${(error as Error).stack}`);
    process.exit(1);
  },
);
