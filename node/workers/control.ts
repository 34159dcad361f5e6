// The engine's control Worker: what startSandbox does to the sandbox's state (seeding, pruning,
// tenant resets, and opening it to requests once seeded), done in the runtime, one HTTP call
// each, instead of through Miniflare's Node proxy (0.16 s to set up, and a round trip per
// key). It is bound to the Worker's own KV namespace and Durable Object class under the
// Worker's binding names, so it reads them with the Worker's generated Env; it listens on
// loopback, on a port only the engine's process knows.
import type { Env } from '../../src/env';
import type { Bounds } from '../../src/tenants/tenant-state';

/** The control worker's operations, and what each takes. */
export interface ControlOps {
  put: { entries: { key: string; value: string; metadata?: unknown }[] };
  prune: { keep: string[] };
  resetTenants: { ids: string[]; bounds: Bounds };
  open: Record<string, never>; // the engine's start is done: the gate lets requests through
  opened: Record<string, never>; // answers once open (the gate's call)
}

type ControlEnv = Pick<Env, 'JOBS' | 'TENANTS'>;

/** The gate's binding to this worker (gate.ts), beside the Worker's own; the engine binds it. */
export interface GateEnv {
  READY: Fetcher; // answers `opened` once the engine has opened the sandbox
}

const OPEN_POLL_MS = 5; // a timer, not a promise another request resolves: workerd cancels a request that waits on nothing of its own
let isOpen = false;

const OPS: { [Op in keyof ControlOps]: (env: ControlEnv, body: ControlOps[Op]) => Promise<void> } = {
  async put(env, { entries }) {
    await Promise.all(entries.map((e) => env.JOBS.put(e.key, e.value, { metadata: e.metadata })));
  },
  async prune(env, { keep }) {
    const kept = new Set(keep);
    for (let cursor: string | undefined; ; ) {
      const page = await env.JOBS.list(cursor ? { cursor } : {});
      await Promise.all(page.keys.filter((k) => !kept.has(k.name)).map((k) => env.JOBS.delete(k.name)));
      if (page.list_complete) return;
      cursor = page.cursor;
    }
  },
  async resetTenants(env, { ids, bounds }) {
    await Promise.all(ids.map((id) => env.TENANTS.get(env.TENANTS.idFromString(id)).reset(bounds)));
  },
  async open() {
    isOpen = true;
  },
  async opened() {
    while (!isOpen) await new Promise((resolve) => setTimeout(resolve, OPEN_POLL_MS));
  },
};

export default {
  async fetch(request, env) {
    const name = new URL(request.url).pathname.slice(1);
    if (!Object.hasOwn(OPS, name) || request.method !== 'POST') return new Response('no such operation', { status: 404 });
    const op = OPS[name as keyof ControlOps] as (env: ControlEnv, body: unknown) => Promise<void>;
    await op(env, await request.json());
    return new Response(null, { status: 204 });
  },
} satisfies ExportedHandler<ControlEnv>;
