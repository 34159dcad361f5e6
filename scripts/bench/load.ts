// One load run against a URL: wrk where it is installed (it can saturate workerd from one
// core), else autocannon from npm. Loopback only, fixed connections, bounded duration.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

export interface Load {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Result {
  requests: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  non2xx: number;
}

export const CONNECTIONS = 32;

/** fetch, tried once more if it fails: workerd closes kept-alive connections that a long load left idle. */
export const fetchAgain = (url: string, init?: RequestInit): Promise<Response> => fetch(url, init).catch(() => fetch(url, init));

const hasWrk = (() => {
  if (process.env.BENCH_TOOL === 'autocannon') return false; // to compare, or to check the fallback
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as { status?: number }).status === 1; // wrk --version exits 1, but it is there
  }
})();

export const loadTool = hasWrk ? `wrk (1 thread, ${CONNECTIONS} connections)` : `autocannon (${CONNECTIONS} connections)`;

export async function runLoad(load: Load, seconds: number): Promise<Result> {
  if (!new URL(load.url).hostname.match(/^127\.|^localhost$/)) throw new Error('load runs only against loopback');
  return hasWrk ? wrk(load, seconds) : cannon(load, seconds);
}

function wrk(load: Load, seconds: number): Result {
  const lua = join(mkdtempSync(join(tmpdir(), 'wrk-')), 'request.lua');
  const headers = Object.entries(load.headers ?? {}).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
  writeFileSync(
    lua,
    [
      `wrk.method = ${JSON.stringify(load.method ?? 'GET')}`,
      ...(load.body === undefined ? [] : [`wrk.body = ${JSON.stringify(load.body)}`]),
      ...headers,
      'function done(summary, latency, requests)',
      '  io.write(string.format("JSON {\\"requests\\":%d,\\"seconds\\":%f,\\"p50\\":%f,\\"p99\\":%f,\\"non2xx\\":%d}\\n",',
      '    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, summary.errors.status))',
      'end',
    ].join('\n'),
  );
  const out = execFileSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '-s', lua, load.url], { encoding: 'utf8' });
  const json = JSON.parse(out.slice(out.indexOf('JSON ') + 5).split('\n')[0] as string);
  return { requests: json.requests, rps: json.requests / json.seconds, p50ms: json.p50, p99ms: json.p99, non2xx: json.non2xx };
}

async function cannon(load: Load, seconds: number): Promise<Result> {
  const r = await autocannon({
    url: load.url,
    method: (load.method ?? 'GET') as 'GET',
    headers: load.headers,
    body: load.body,
    connections: CONNECTIONS,
    duration: seconds,
  });
  return { requests: r.requests.total, rps: r.requests.total / seconds, p50ms: r.latency.p50, p99ms: r.latency.p99, non2xx: r.non2xx };
}
