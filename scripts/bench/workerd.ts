// The benchmark's own runtime: a Worker bundle served straight from workerd, so that the
// sandbox and the reference Workers (references.ts) run side by side in the same runtime with
// the same KV contents, and KV reads can be counted. Not a serving mode: the package, `npm run
// serve` and the CLI run on Miniflare (node/engine.ts).
// With `tenants`, the TenantState Durable Object is bound as TENANTS, its SQLite storage on
// disk in a folder of the run. KV is an in-memory service holding the seeded entries, answering workerd's KV binding
// protocol (GET /<key>; GET /?prefix= lists). It also counts reads, for the benchmark.
// public/ is served by a disk service as the ASSETS binding, as wrangler serves [assets].
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { unstable_readConfig } from 'wrangler';
import type { SeedEntry } from '../../node/fixtures';
import { waitUntilServing } from '../loopback';

/** An entry as the seed check makes it (node/fixtures.ts). */
export type KvEntry = SeedEntry;

export interface WorkerdOptions {
  dir: string; // where the config and modules are written
  script: string; // the Worker's ES module source
  modules?: Record<string, string>; // further ES modules it imports, by name
  entries: KvEntry[];
  port: number;
  statsPort?: number; // exposes the KV service's read counter at GET /reads
  tenants?: boolean; // the script exports TenantState: bind it as TENANTS, its storage on disk in `dir`
  vars?: Record<string, string>; // over wrangler.toml's [vars]
}

const KV_SERVICE = (entries: KvEntry[]) => `
const store = new Map(${JSON.stringify(entries.map((e) => [e.key, e.value]))});
const metadata = new Map(${JSON.stringify(entries.map((e) => [e.key, e.metadata ?? null]))});
let reads = 0;
export default {
  fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/reads') return Response.json({ reads });
    if (url.pathname === '/') {
      const prefix = url.searchParams.get('prefix') ?? '';
      const keys = [...store.keys()].filter((k) => k.startsWith(prefix)).sort().map((name) => ({ name, metadata: metadata.get(name) }));
      return Response.json({ keys, list_complete: true, cacheStatus: null });
    }
    reads++;
    const key = decodeURIComponent(url.pathname.slice(1));
    return store.has(key) ? new Response(store.get(key)) : new Response(null, { status: 404 });
  },
};
`;

function capnpConfig(o: WorkerdOptions): string {
  const wrangler = unstable_readConfig({ config: 'wrangler.toml' });
  const vars = Object.entries({ ...wrangler.vars, ...o.vars }).map(
    ([name, value]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(String(value))})`,
  );
  const flags = (wrangler.compatibility_flags ?? []).map((f: string) => JSON.stringify(f)).join(', ');
  const stats = o.statsPort ? `, (name = "stats", address = "127.0.0.1:${o.statsPort}", http = (), service = "kv")` : '';
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .sandbox), (name = "kv", worker = .kv), (name = "assets", disk = (path = ${JSON.stringify(resolve('public'))}))${o.tenants ? `, (name = "tenant-storage", disk = (path = ${JSON.stringify(resolve(o.dir, 'tenants'))}, writable = true))` : ''}],
  sockets = [(name = "http", address = "127.0.0.1:${o.port}", http = (), service = "main")${stats}],
);
const sandbox :Workerd.Worker = (
  modules = [${['index.js', ...Object.keys(o.modules ?? {})].map((m) => `(name = ${JSON.stringify(m)}, esModule = embed ${JSON.stringify(m)})`).join(', ')}],
  compatibilityDate = ${JSON.stringify(wrangler.compatibility_date)},
  compatibilityFlags = [${flags}],
  bindings = [(name = "JOBS", kvNamespace = "kv"), (name = "ASSETS", service = "assets"), ${o.tenants ? '(name = "TENANTS", durableObjectNamespace = "TenantState"), ' : ''}${vars.join(', ')}],${
    o.tenants
      ? `
  durableObjectNamespaces = [(className = "TenantState", uniqueKey = "pinpoint-export-job-sandbox-tenants", enableSql = true)],
  durableObjectStorage = (localDisk = "tenant-storage"),`
      : ''
  }
);
const kv :Workerd.Worker = (
  modules = [(name = "kv.js", esModule = embed "kv.js")],
  compatibilityDate = ${JSON.stringify(wrangler.compatibility_date)},
);
`;
}

const workerdBinary = () => createRequire(import.meta.url)('workerd').default as string;

/** Starts workerd on loopback and resolves once it answers. */
export async function startWorkerd(o: WorkerdOptions): Promise<ChildProcess> {
  mkdirSync(o.dir, { recursive: true });
  if (o.tenants) mkdirSync(join(o.dir, 'tenants'), { recursive: true });
  writeFileSync(join(o.dir, 'index.js'), o.script);
  for (const [name, source] of Object.entries(o.modules ?? {})) writeFileSync(join(o.dir, name), source);
  writeFileSync(join(o.dir, 'kv.js'), KV_SERVICE(o.entries));
  writeFileSync(join(o.dir, 'config.capnp'), capnpConfig(o));
  const child = spawn(workerdBinary(), ['serve', resolve(o.dir, 'config.capnp')], { stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    await waitUntilServing(`http://127.0.0.1:${o.port}/`, child, 'workerd', 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return child;
}
