// The benchmark's own runtime: a Worker bundle served straight from workerd, so that the
// sandbox and the reference Workers (references.ts) run side by side in the same runtime with
// the same KV contents, and KV reads can be counted. Not a serving mode: the package, `npm run
// serve` and the CLI run on Miniflare (node/engine.ts).
// Bindings, their names, vars and compatibility are wrangler.toml's, as the build wrote them
// for the engine (dist/worker/config.json, node/engine.ts's WorkerConfig). The sandbox always
// has its Durable Object, its SQLite storage on disk in a folder of the run; a reference Worker
// (references.ts) exports none. KV is an in-memory service holding the seeded entries,
// answering workerd's KV binding protocol (GET /<key>; GET /?prefix= lists). It also counts
// reads, for the benchmark. public/ is served by a disk service as the assets binding, as
// wrangler serves [assets].
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { readWorkerConfig } from '../../node/engine';
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
  reference?: boolean; // a reference Worker (references.ts), which exports no Durable Object class to bind
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

const quoted = (text: string) => JSON.stringify(text);

function capnpConfig(o: WorkerdOptions): string {
  const config = readWorkerConfig(); // the build's, made with the script the bench runs
  const tenants = !o.reference;
  const text = (name: string, value: string) => `(name = ${quoted(name)}, text = ${quoted(value)})`;
  const bindings = [
    ...config.kv_namespaces.map((kv) => `(name = ${quoted(kv.binding)}, kvNamespace = "kv")`),
    `(name = ${quoted(config.assets_binding)}, service = "assets")`,
    ...(tenants ? config.durable_objects.map((d) => `(name = ${quoted(d.name)}, durableObjectNamespace = ${quoted(d.class_name)})`) : []),
    ...Object.entries({ ...config.vars, ...o.vars }).map(([name, value]) => text(name, value)),
  ];
  const flags = config.compatibility_flags.map(quoted).join(', ');
  const stats = o.statsPort ? `, (name = "stats", address = "127.0.0.1:${o.statsPort}", http = (), service = "kv")` : '';
  const storage = tenants ? `, (name = "tenant-storage", disk = (path = ${quoted(resolve(o.dir, 'tenants'))}, writable = true))` : '';
  const namespaces = config.durable_objects.map(
    (d) => `(className = ${quoted(d.class_name)}, uniqueKey = ${quoted(`${config.name}-${d.name}`)}, enableSql = true)`,
  );
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .sandbox), (name = "kv", worker = .kv), (name = "assets", disk = (path = ${quoted(resolve('public'))}))${storage}],
  sockets = [(name = "http", address = "127.0.0.1:${o.port}", http = (), service = "main")${stats}],
);
const sandbox :Workerd.Worker = (
  modules = [${['index.js', ...Object.keys(o.modules ?? {})].map((m) => `(name = ${quoted(m)}, esModule = embed ${quoted(m)})`).join(', ')}],
  compatibilityDate = ${quoted(config.compatibility_date)},
  compatibilityFlags = [${flags}],
  bindings = [${bindings.join(', ')}],${
    tenants
      ? `
  durableObjectNamespaces = [${namespaces.join(', ')}],
  durableObjectStorage = (localDisk = "tenant-storage"),`
      : ''
  }
);
const kv :Workerd.Worker = (
  modules = [(name = "kv.js", esModule = embed "kv.js")],
  compatibilityDate = ${quoted(config.compatibility_date)},
);
`;
}

const workerdBinary = () => createRequire(import.meta.url)('workerd').default as string;

/** Starts workerd on loopback and resolves once it answers. */
export async function startWorkerd(o: WorkerdOptions): Promise<ChildProcess> {
  mkdirSync(o.dir, { recursive: true });
  if (!o.reference) mkdirSync(join(o.dir, 'tenants'), { recursive: true });
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
