// npm run bench: the sandbox against a constant-response Worker and a replay of its own answer
// in the same runtime (workerd, same KV contents), driven alternately with the same load; then bundle size, KV reads per
// request, CPU per 10,000 requests, and the serving modes side by side with WireMock.
// Loopback only; about two minutes (BENCH_SECONDS sets each run's length, default 3).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fetchAgain, type Load, loadTool, type Result, runLoad } from './bench/load';
import { cpuSeconds } from './bench/process-cpu';
import { replayScript } from './bench/replay';
import { servingModes } from './bench/serving-modes';
import { fixtureFiles, planSeed } from './seed-plan';
import { buildBundle, startWorkerd } from './workerd-server';
import { freePort } from './wrangler-dev';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = 2;
const QUICK = process.env.BENCH_QUICK === '1'; // fixture GET only, no serving modes: for a quick check while tuning
const TARGETS: Record<string, number> = {
  'fixture GET': 0.9,
  'OPTIONS preflight': 0.9,
  'GET x-mock-progression': 0.85,
  'GET x-mock-error: 404': 0.85,
};

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const script = buildBundle(join(dir, 'bundle'));
  const { entries } = planSeed(fixtureFiles(['fixtures']));
  const job = JSON.parse(entries.find((e) => e.value.includes('"FAILED"'))?.value ?? entries[0]?.value ?? '{}');
  const baselineScript = `const body = ${JSON.stringify(JSON.stringify(job))};
export default { fetch: () => new Response(body, { headers: { 'content-type': 'application/json' } }) };`;

  const [port, statsPort, basePort] = [await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const c of children) c.kill('SIGKILL');
  };
  process.on('exit', stopAll);
  try {
    children.push(await startWorkerd({ dir: join(dir, 'project'), script, entries, port, statsPort }));
    children.push(await startWorkerd({ dir: join(dir, 'baseline'), script: baselineScript, entries, port: basePort }));
    const [project, baseline] = children as [ChildProcess, ChildProcess];
    const jobPath = `/v1/apps/${job.ApplicationId}/jobs/export/${job.Id}`;
    const scenarios: [string, Omit<Load, 'url'>][] = [
      ['fixture GET', {}],
      [
        'GET x-mock-progression',
        {
          headers: {
            'x-mock-progression': 'start=2026-01-01T00:00:00Z; duration=3600; outcome=FAILED',
            'x-mock-now': '2026-01-01T00:30:00Z',
          },
        },
      ],
      ['GET x-mock-error: 404', { headers: { 'x-mock-error': '404' } }],
      [
        'OPTIONS preflight',
        {
          method: 'OPTIONS',
          headers: { origin: 'http://app.test', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-mock-error' },
        },
      ],
    ];
    console.log(
      `Load: ${loadTool}, ${SECONDS} s a run, ${ROUNDS} rounds alternating the three Workers; runtime: workerd, served directly.`,
    );
    console.log(
      "Constant: the constant JSON job alone. Replay: the project's own answer to the scenario (status, headers, body), captured once and served as a constant.\n",
    );
    console.log(
      '| scenario | constant req/s | replay req/s | project req/s | ratio to constant (target) | ratio to replay | p50 / p99 ms, constant / replay / project | CPU s per 10k req, constant / replay / project |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const readsBefore = await kvReads(statsPort);
    for (const [name, load] of QUICK ? scenarios.slice(0, 1) : scenarios) {
      const url = (p: number) => `http://127.0.0.1:${p}${jobPath}`;
      const replayPort = await freePort();
      const replayScriptText = await replayScript({ ...load, url: url(port) });
      const replay = await startWorkerd({ dir: join(dir, 'replay'), script: replayScriptText, entries, port: replayPort });
      children.push(replay);
      const [b, r, p] = (await measure([
        [baseline, { ...load, url: url(basePort) }],
        [replay, { ...load, url: url(replayPort) }],
        [project, { ...load, url: url(port) }],
      ])) as [Measured, Measured, Measured];
      replay.kill('SIGKILL');
      const ratio = p.result.rps / b.result.rps;
      const target = TARGETS[name] ?? 1;
      const latency = [b, r, p].map((m) => `${fmt(m.result.p50ms, 2)} / ${fmt(m.result.p99ms, 2)}`).join(' · ');
      console.log(
        `| ${name} | ${fmt(b.result.rps)} | ${fmt(r.result.rps)} | ${fmt(p.result.rps)} | ${fmt(ratio, 2)} (≥ ${target}) ${ratio >= target ? 'ok' : 'BELOW'} | ${fmt(p.result.rps / r.result.rps, 2)} | ${latency} | ${[b, r, p].map((m) => fmt(m.cpuPer10k, 2)).join(' / ')} |`,
      );
      if (name === 'fixture GET') {
        const reads = (await kvReads(statsPort)) - readsBefore;
        console.log(
          `|   KV reads during fixture GET: ${reads} for ${fmt(p.result.requests)} requests = ${(reads / p.result.requests).toExponential(1)} per request ||||||||`,
        );
      }
    }
    const gzip = gzipSync(script).length;
    console.log(
      `\nBundle (wrangler deploy --dry-run, minified): ${fmt(script.length / 1024, 2)} KiB raw, ${fmt(gzip / 1024, 2)} KiB gzip (target ≤ 10 KiB gzip).`,
    );
    stopAll();
    children.length = 0;
    if (!QUICK) await servingModes({ dir, script, entries, jobPath, job, seconds: SECONDS });
  } finally {
    stopAll();
  }
}

interface Measured {
  result: Result;
  cpuPer10k: number;
}

/** Runs the loads in turn, A B C A B C …, so that both see the same noise of a shared machine. */
async function measure(pairs: [ChildProcess, Load][]): Promise<Measured[]> {
  const runs = pairs.map(() => ({ results: [] as Result[], cpu: 0 }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [child, load]] of pairs.entries()) {
      const before = cpuSeconds(child.pid as number);
      runs[i]?.results.push(await runLoad(load, SECONDS));
      (runs[i] as { cpu: number }).cpu += cpuSeconds(child.pid as number) - before;
    }
  }
  return runs.map(({ results, cpu }) => {
    const requests = results.reduce((n, r) => n + r.requests, 0);
    const mean = (f: (r: Result) => number) => results.reduce((n, r) => n + f(r), 0) / results.length;
    const result = {
      requests,
      rps: mean((r) => r.rps),
      p50ms: mean((r) => r.p50ms),
      p99ms: mean((r) => r.p99ms),
      non2xx: mean((r) => r.non2xx),
    };
    return { result, cpuPer10k: (cpu / requests) * 10_000 };
  });
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
