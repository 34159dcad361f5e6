// The Workers' own cost, without HTTP: each one's fetch is called in a loop inside one workerd
// isolate, so what a Worker does per request shows apart from the network stack and the
// scheduling noise of a shared machine. The loop's own work (a Request, reading the body) is
// the same for all, and cancels out in the differences.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../loopback';
import type { Reference } from './references';
import { type KvEntry, startWorkerd } from './workerd';

const CALLS = 10_000;
const ROUNDS = 3;

// It re-exports the Worker's named exports: the sandbox's Durable Object class, bound as the Worker's own.
const DRIVER = `import worker from './worker.js';
export * from './worker.js';
export default {
  async fetch(request, env, ctx) {
    const { searchParams } = new URL(request.url);
    const [calls, target] = [Number(searchParams.get('calls')), searchParams.get('target')];
    const headers = JSON.parse(searchParams.get('headers') ?? '{}');
    for (let i = 0; i < calls; i++) await (await worker.fetch(new Request(target, { headers }), env, ctx)).arrayBuffer();
    return new Response('done');
  },
};`;

export interface InIsolateOptions {
  headers?: Record<string, string>; // on every call
  vars?: Record<string, Record<string, string>>; // by Worker: its vars over wrangler.toml's
  calls?: number; // a round's calls (CALLS)
  paths?: Record<string, string>; // by Worker: the path it is called with, when not jobPath
  rounds?: number; // how many times the Workers are taken in turn (ROUNDS)
}

/** Microseconds per fetch call for each Worker: the best of a few rounds of CALLS calls, taken in turn. */
export async function inIsolate(
  dir: string,
  entries: KvEntry[],
  jobPath: string,
  workers: Record<string, Reference>,
  { headers = {}, vars = {}, calls: roundCalls = CALLS, paths = {}, rounds = ROUNDS }: InIsolateOptions = {},
): Promise<Record<string, number>> {
  const children: ChildProcess[] = [];
  try {
    const runs: [string, (calls: number) => Promise<number>][] = [];
    for (const [name, reference] of Object.entries(workers)) {
      const port = await freePort();
      const modules = { 'worker.js': reference.script, ...reference.modules };
      children.push(
        await startWorkerd({
          dir: join(dir, `isolate-${name}`),
          script: DRIVER,
          modules,
          entries,
          port,
          reference: reference.reference,
          ...(vars[name] ? { vars: vars[name] } : {}),
        }),
      );
      const query = `headers=${encodeURIComponent(JSON.stringify(headers))}&target=${encodeURIComponent(`http://127.0.0.1${paths[name] ?? jobPath}`)}`;
      const url = `http://127.0.0.1:${port}/?${query}&calls=`;
      runs.push([name, (calls) => timed(`${url}${calls}`, calls)]);
    }
    for (const [, run] of runs) await run(Math.ceil(roundCalls / 5)); // warm-up: the JIT, and the job's first KV read
    const best: Record<string, number> = {};
    for (let round = 0; round < rounds; round++) {
      for (const [name, run] of runs) best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, await run(roundCalls));
    }
    return best;
  } finally {
    for (const child of children) child.kill('SIGKILL');
  }
}

async function timed(url: string, calls: number): Promise<number> {
  const started = performance.now();
  await (await fetch(url)).text();
  return ((performance.now() - started) * 1000) / calls;
}
