// npm run soak: 100,000 requests at concurrency 64 against the sandbox as `npm start` runs
// it (seeded local KV, wrangler dev), a mix of fixture GETs, injected errors, progression
// and preflights. Prints counts by status and the runtime's memory at start and end, and
// exits non-zero on an unexpected status or memory growth past the bound. Loopback only;
// stops by itself after 10 minutes at the most.
import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { rssMiB } from './bench/process-cpu';
import { fixtureFiles, planSeed } from './seed-plan';
import { startSandbox } from './wrangler-dev';

const TOTAL = Number(process.env.SOAK_REQUESTS ?? 100_000);
const CONNECTIONS = 64;
const MAX_SECONDS = 600;
const MEMORY_BOUND_MIB = 64; // growth of workerd's resident memory from start to end

/** The workerd process in the process group of the wrangler dev we started. */
function workerdPid(group: number): number | undefined {
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [comm, rest] = [stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), stat.slice(stat.lastIndexOf(')') + 2).split(' ')];
      if (comm === 'workerd' && Number(rest[2]) === group) return Number(entry);
    } catch {} // the process ended while we looked
  }
  return undefined;
}

async function main(): Promise<number> {
  const { entries } = planSeed(fixtureFiles(['fixtures']));
  const job = JSON.parse(entries[0]?.value ?? '{}');
  const path = `/v1/apps/${job.ApplicationId}/jobs/export/${job.Id}`;
  const sandbox = await startSandbox();
  try {
    const pid = workerdPid(sandbox.pid);
    if (!pid) throw new Error('could not find the workerd process of wrangler dev');
    const requests = [
      { method: 'GET' as const, path },
      { method: 'GET' as const, path, headers: { 'x-mock-error': '503' } },
      {
        method: 'GET' as const,
        path,
        headers: { 'x-mock-progression': 'start=2026-01-01T00:00:00Z; duration=600; outcome=FAILED', 'x-mock-now': '2026-01-01T00:05:00Z' },
      },
      { method: 'OPTIONS' as const, path, headers: { origin: 'http://app.test', 'access-control-request-method': 'GET' } },
    ];
    await autocannon({ url: sandbox.url, requests, connections: 8, amount: 2000 }); // warm-up
    const before = rssMiB(pid);
    console.log(
      `soak: ${TOTAL.toLocaleString('en-US')} requests, ${CONNECTIONS} connections, against wrangler dev at ${sandbox.url}; workerd RSS ${before.toFixed(1)} MiB`,
    );
    const run = autocannon({ url: sandbox.url, requests, connections: CONNECTIONS, amount: TOTAL, timeout: 10 });
    const stopper = setTimeout(() => (run as unknown as { stop: () => void }).stop(), MAX_SECONDS * 1000);
    const result = await run;
    clearTimeout(stopper);
    const after = rssMiB(pid);
    const counts = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, count]));
    const done = result.requests.total;
    const unexpected = Object.keys(counts).filter((s) => s !== '200' && s !== '503');
    const quarter = Math.abs((counts['503'] ?? 0) - done / 4) <= CONNECTIONS;
    console.log(
      `soak: ${done.toLocaleString('en-US')} answered in ${result.duration.toFixed(1)} s (${Math.round(result.requests.average)} req/s); by status: ${JSON.stringify(counts)}; socket errors ${result.errors}, timeouts ${result.timeouts}`,
    );
    console.log(
      `soak: workerd RSS ${before.toFixed(1)} MiB at start, ${after.toFixed(1)} MiB at end (growth bound ${MEMORY_BOUND_MIB} MiB)`,
    );
    const failures = [
      done < TOTAL && `only ${done} of ${TOTAL} requests answered`,
      unexpected.length > 0 && `unexpected statuses ${unexpected.join(', ')}`,
      !quarter && `503s were not a quarter of the answers`,
      result.errors + result.timeouts > 0 && 'socket errors or timeouts',
      after - before > MEMORY_BOUND_MIB && 'memory grew past the bound',
    ].filter(Boolean);
    console.log(failures.length === 0 ? 'soak: passed' : `soak: FAILED: ${failures.join('; ')}`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    await sandbox.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`soak: ${(error as Error).message}`);
    process.exit(1);
  },
);
