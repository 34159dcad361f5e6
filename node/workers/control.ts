// The engine's control Worker: what startSandbox does to the sandbox's state (seeding, pruning,
// tenant resets), done in the runtime, one HTTP call each, instead of through Miniflare's Node
// proxy (0.16 s to set up, and a round trip per key). It is bound to the Worker's own KV
// namespace and Durable Object class under the Worker's binding names, so it reads them with
// the Worker's generated Env; it listens on loopback, on a port only the engine's process knows.
import type { Env } from '../../src/env';
import type { Bounds } from '../../src/tenants/tenant-state';

/** The control worker's operations, and what each takes. */
export interface ControlOps {
  put: { entries: { key: string; value: string; metadata: unknown }[] };
  prune: { keep: string[] };
  resetTenants: { ids: string[]; bounds: Bounds };
}

type ControlEnv = Pick<Env, 'JOBS' | 'TENANTS'>;

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
