// The sandbox on Miniflare, the engine wrangler dev runs on: the Worker bundle that `wrangler
// deploy` uploads (dist/worker, made by `npm run build`), its KV namespace, the tenants'
// SQLite Durable Object, rate limiting and the landing page, all as wrangler.toml declares
// them (dist/worker/config.json is that file's reading at build time).
//
// Three choices here are for speed, measured in `npm run bench` (serving modes) and by timing
// the CLI:
// - Requests reach the Worker on a direct socket, not through Miniflare's entry worker; the
//   entry worker (the .cf object, pretty error pages, live reload) halved the requests a
//   second and added nothing a test needs.
// - public/ is a disk service behind a tiny worker that sets each file's content type, not
//   Miniflare's assets router, which adds a hop to every request, the API's included.
// - Seeding, pruning and tenant resets go through a control worker, one HTTP call each: through
//   Miniflare's Node proxy, seeding took 0.3 s of the CLI's 1.4 s start; now 1.15 s.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Log, LogLevel, Miniflare, type MiniflareOptions } from 'miniflare';
import { PACKAGE_ROOT } from './package-files';

const WORKER_DIR = join(PACKAGE_ROOT, 'dist', 'worker');
const PUBLIC_DIR = join(PACKAGE_ROOT, 'public');

/** What the engine needs of wrangler.toml, written beside the bundle by the build. */
export interface WorkerConfig {
  name: string;
  compatibility_date: string;
  compatibility_flags: string[];
  vars: Record<string, string>;
  kv_namespaces: { binding: string }[];
  durable_objects: { name: string; class_name: string }[];
  ratelimits: { name: string; simple: { limit: number; period: number } }[];
  assets_binding: string;
}

export function readWorkerConfig(dir = WORKER_DIR): WorkerConfig {
  try {
    return JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as WorkerConfig;
  } catch {
    throw new Error(`the Worker bundle is missing from ${dir}: run \`npm run build\` first`);
  }
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
};

// public/ is flat and small: the disk service reads the file, this names its type.
const ASSETS_WORKER = `const TYPES = ${JSON.stringify(CONTENT_TYPES)};
export default {
  async fetch(request, env) {
    const found = await env.DISK.fetch(request);
    if (!found.ok) return found;
    const type = TYPES[new URL(request.url).pathname.split('.').pop()] ?? 'application/octet-stream';
    return new Response(found.body, { headers: { 'content-type': type } });
  },
};`;

// What startSandbox does to the sandbox's state, done in the runtime: one HTTP call each,
// instead of Miniflare's Node proxy (0.16 s to set up, and a round trip per key). It shares
// the Worker's KV namespace and Durable Object class, and listens on loopback, on a port only
// the process that started the engine knows.
const CONTROL_WORKER = `const OPS = {
  async put(env, { entries }) {
    await Promise.all(entries.map((e) => env.JOBS.put(e.key, e.value, { metadata: e.metadata })));
  },
  async prune(env, { keep }) {
    const kept = new Set(keep);
    for (let cursor; ; ) {
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
    const op = OPS[new URL(request.url).pathname.slice(1)];
    if (!op || request.method !== 'POST') return new Response('no such operation', { status: 404 });
    await op(env, await request.json());
    return new Response(null, { status: 204 });
  },
};`;

/** The control worker's operations, and what each takes. */
export interface ControlOps {
  put: { entries: { key: string; value: string; metadata: unknown }[] };
  prune: { keep: string[] };
  resetTenants: { ids: string[]; bounds: unknown };
}
export type Control = <Op extends keyof ControlOps>(op: Op, body: ControlOps[Op]) => Promise<void>;
const CONTROL = 'sandbox-control';

export interface EngineOptions {
  host: string;
  port: number; // 0: any free port
  persistRoot: string; // KV under kv/, Durable Objects under do/
  vars?: Record<string, string>; // over wrangler.toml's [vars]
  workerDir?: string;
  log?: boolean; // the Worker's console output; off for test runners
  onCrash?: () => void; // the runtime ended by itself once started: not by dispose(), nor by the start's own restart
}

type Stdio = (stdout: Readable, stderr: Readable) => void;

// The Worker has one KV namespace, shared with the control worker under one id.
const kvBinding = (config: WorkerConfig) => config.kv_namespaces[0]?.binding ?? 'JOBS';
const kvNamespaceId = (config: WorkerConfig) => `${config.name}-${kvBinding(config)}`;

/** Miniflare's options for the sandbox; without `listen`, the Worker has no socket of its own yet. */
export function engineOptions(config: WorkerConfig, o: EngineOptions, stdio?: Stdio, listen = true): MiniflareOptions {
  const workerDir = o.workerDir ?? WORKER_DIR;
  return {
    host: o.host,
    port: 0, // the entry worker's socket, unused: requests come in on the direct socket below
    cf: false, // no request to Cloudflare for a .cf object: the sandbox runs offline
    log: o.log === false ? new Log(LogLevel.NONE) : new Log(LogLevel.WARN),
    ...(stdio ? { handleRuntimeStdio: stdio } : {}),
    defaultPersistRoot: o.persistRoot,
    workers: [
      {
        name: config.name,
        modules: true,
        modulesRoot: workerDir,
        scriptPath: join(workerDir, 'index.js'),
        compatibilityDate: config.compatibility_date,
        compatibilityFlags: config.compatibility_flags,
        bindings: { ...config.vars, ...o.vars },
        kvNamespaces: { [kvBinding(config)]: kvNamespaceId(config) },
        durableObjects: Object.fromEntries(config.durable_objects.map((d) => [d.name, { className: d.class_name, useSQLite: true }])),
        ratelimits: Object.fromEntries(config.ratelimits.map((r) => [r.name, { simple: r.simple }])),
        serviceBindings: { [config.assets_binding]: 'sandbox-assets' },
        unsafeDirectSockets: listen ? [{ host: o.host, port: o.port }] : [],
      },
      {
        name: CONTROL,
        modules: true,
        script: CONTROL_WORKER,
        compatibilityDate: config.compatibility_date,
        // Its own names for the Worker's namespace and class, as its script uses them.
        kvNamespaces: { JOBS: kvNamespaceId(config) },
        durableObjects: Object.fromEntries(
          config.durable_objects.slice(0, 1).map((d) => ['TENANTS', { className: d.class_name, scriptName: config.name, useSQLite: true }]),
        ),
        unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      },
      {
        name: 'sandbox-assets',
        modules: true,
        script: ASSETS_WORKER,
        compatibilityDate: config.compatibility_date,
        serviceBindings: { DISK: { disk: { path: PUBLIC_DIR, writable: false } } },
      },
    ],
  };
}

export interface Engine {
  url: string;
  miniflare: Miniflare;
  config: WorkerConfig;
  control: Control;
  dispose: () => Promise<void>;
}

const STARTUP_OUTPUT_KEPT = 4096; // characters of workerd's stderr kept to explain a failed start

/** Starts the engine; resolves once the Worker answers on its socket. With `prepare` (seeding
 *  KV), the socket opens only after it, so that nothing polling the port sees the sandbox
 *  before its fixtures: Miniflare restarts workerd with the socket (about 0.2 s). */
export async function startEngine(o: EngineOptions, prepare?: (control: Control) => Promise<void>): Promise<Engine> {
  const config = readWorkerConfig(o.workerDir);
  let stderr = '';
  let watching = false; // from the end of the start to dispose(): a runtime that ends then has crashed
  // Both streams are always read, so that workerd never blocks on a full pipe; called again for each runtime process.
  const stdio: Stdio = (out, err) => {
    out.on('data', (chunk) => o.log !== false && process.stdout.write(chunk));
    out.once('end', () => watching && o.onCrash?.());
    err.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-STARTUP_OUTPUT_KEPT);
      if (o.log !== false) process.stderr.write(chunk);
    });
  };
  const miniflare = new Miniflare(engineOptions(config, o, stdio, !prepare));
  try {
    await miniflare.ready;
    let controlUrl = await miniflare.unsafeGetDirectURL(CONTROL);
    const control: Control = async (op, body) => {
      const answer = await fetch(new URL(op, controlUrl), { method: 'POST', body: JSON.stringify(body) });
      if (!answer.ok) throw new Error(`the sandbox's ${op} failed: ${answer.status} ${await answer.text()}`);
    };
    if (prepare) {
      await prepare(control);
      await miniflare.setOptions(engineOptions(config, o, stdio));
      controlUrl = await miniflare.unsafeGetDirectURL(CONTROL);
    }
    const url = (await miniflare.unsafeGetDirectURL(config.name)).origin;
    watching = true;
    const dispose = () => {
      watching = false;
      return miniflare.dispose();
    };
    return { url, miniflare, config, control, dispose };
  } catch (error) {
    await miniflare.dispose().catch(() => {}); // it failed to start; nothing left to keep
    if (/address already in use/i.test(stderr)) throw new Error(`port ${o.port} on ${o.host} is already in use`);
    throw error;
  }
}
