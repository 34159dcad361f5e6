// The sandbox on Miniflare, the engine wrangler dev runs on: the Worker bundle that `wrangler
// deploy` uploads (dist/worker, made by `npm run build`), its KV namespace, the tenants'
// SQLite Durable Object, rate limiting and the landing page, all as wrangler.toml declares
// them (dist/worker/config.json is that file's reading at build time).
//
// These choices are for speed, measured in `npm run bench` (serving modes) and by timing
// the CLI:
// - Requests reach the Worker on a direct socket, not through Miniflare's entry worker; the
//   entry worker (the .cf object, pretty error pages, live reload) halved the requests a
//   second and added nothing a test needs.
// - public/ is a disk service behind a tiny worker that sets each file's content type
//   (workers/assets.ts), not Miniflare's assets router, which adds a hop to every request, the
//   API's included.
// - Seeding, pruning and tenant resets go through a control worker (workers/control.ts), one
//   HTTP call each: through Miniflare's Node proxy, seeding took 0.3 s of the CLI's 1.4 s start.
// - The Worker listens from the start, behind a gate (workers/gate.ts) that holds requests until
//   the fixtures are in, rather than opening its socket after the seed, which restarts workerd.
// - Miniflare is loaded with require() (miniflare.ts).
// With `isolates` above 1 it runs that many copies of the Worker, as the hosted URL's isolates
// (engineOptions; docs/isolates.md). The engine's own workers (node/workers/) are TypeScript
// modules that `npm run build` bundles beside the Worker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { MiniflareOptions } from 'miniflare';
import { loadMiniflare } from './miniflare';
import { PACKAGE_ROOT } from './package-files';
import type { ControlOps, GateEnv } from './workers/control';
import { copyBinding } from './workers/front';

const { Log, LogLevel, Miniflare } = loadMiniflare();
type Miniflare = InstanceType<typeof Miniflare>;

const WORKER_DIR = join(PACKAGE_ROOT, 'dist', 'worker');
const PUBLIC_DIR = join(PACKAGE_ROOT, 'public');

/** The engine's own Workers, as `npm run build` bundles them into the Worker's folder. */
export const ENGINE_WORKERS = {
  gate: 'node/workers/gate.ts',
  control: 'node/workers/control.ts',
  assets: 'node/workers/assets.ts',
  front: 'node/workers/front.ts',
  limiter: 'node/workers/limiter.ts',
} as const;
/** What the gate imports the Worker's bundle as; the build leaves it an import of this file beside it. */
export const WORKER_BUNDLE = { specifier: 'sandbox:worker-bundle', file: './index.js' } as const;
const engineWorker = (dir: string, name: keyof typeof ENGINE_WORKERS) => join(dir, `${name}.js`);
/** An engine Worker's module, named as if it sat in `dir`, read from the package's own build: a
 *  Worker folder of another bundle (the soak's and the bench's reference Workers) needs only its index.js. */
const engineModule = (dir: string, name: keyof typeof ENGINE_WORKERS) => ({
  type: 'ESModule' as const,
  path: engineWorker(dir, name),
  contents: readFileSync(engineWorker(WORKER_DIR, name)),
});

/** What the engine, and the bench's runtime, need of wrangler.toml, written beside the bundle by the build. */
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

export type Control = <Op extends keyof ControlOps>(op: Op, body: ControlOps[Op]) => Promise<void>;
const CONTROL = 'sandbox-control';

export interface EngineOptions {
  host: string;
  port: number; // 0: any free port
  persistRoot: string; // KV under kv/, Durable Objects under do/
  vars?: Record<string, string>; // over wrangler.toml's [vars]
  workerDir?: string;
  log?: boolean; // the Worker's console output; off for test runners
  onCrash?: () => void; // the runtime ended by itself once started, not by dispose()
  isolates?: number; // copies of the Worker, each its own isolate, taking requests in turn (default 1)
}

type Stdio = (stdout: Readable, stderr: Readable) => void;

// The Worker's KV namespaces, shared with the control worker under the same ids.
const kvNamespaces = (config: WorkerConfig) =>
  Object.fromEntries(config.kv_namespaces.map((kv) => [kv.binding, `${config.name}-${kv.binding}`]));

const gateBindings: { [B in keyof GateEnv]: string } = { READY: CONTROL }; // the worker each of the gate's bindings reaches
const FRONT = 'sandbox-front';
const LIMITER = 'sandbox-limiter';

/** The name of copy `index` of the Worker: the first is the Worker's own name, which defines
 *  the Durable Object class that the others, and the control worker, bind by that name. */
const copyName = (config: WorkerConfig, index: number) => (index === 0 ? config.name : `${config.name}-isolate-${index}`);

/** Miniflare's options for the sandbox. With `isolates` above 1, as many copies of the Worker,
 *  each its own isolate with its own module state, sharing what Cloudflare's isolates share: the
 *  Durable Objects (one class, defined by the first copy), KV (the same namespace ids) and the
 *  rate limiter (one Worker's binding, reached by RPC: workers/limiter.ts); a front worker owns
 *  the socket and hands the copies requests in turn (workers/front.ts). */
export function engineOptions(config: WorkerConfig, o: EngineOptions, stdio?: Stdio): MiniflareOptions {
  const workerDir = o.workerDir ?? WORKER_DIR;
  const isolates = o.isolates ?? 1;
  const socket = { host: o.host, port: o.port };
  const shared = isolates > 1;
  // Each worker's modules, the entry first, named by its path in the Worker's folder (else by its
  // path from the working directory, which workerd refuses). Listed, not found by Miniflare from
  // the entry's imports: that parses every module first, 0.2 s of the start for the bundle.
  const modules = (...engine: (keyof typeof ENGINE_WORKERS)[]) => ({
    modulesRoot: workerDir,
    modules: engine.map((name) => engineModule(workerDir, name)),
  });
  const durableObjects = (scriptName?: string) =>
    Object.fromEntries(
      config.durable_objects.map((d) => [d.name, { className: d.class_name, useSQLite: true, ...(scriptName ? { scriptName } : {}) }]),
    );
  // The rate limiter: the copy's own binding, or with several copies the limiter worker's, by RPC.
  const limiting = shared
    ? { serviceBindings: Object.fromEntries(config.ratelimits.map((r) => [r.name, { name: LIMITER, entrypoint: 'SharedLimiter' }])) }
    : { ratelimits: Object.fromEntries(config.ratelimits.map((r) => [r.name, { simple: r.simple }])), serviceBindings: {} };
  const copies = Array.from({ length: isolates }, (_, index) => {
    const { modulesRoot, modules: gate } = modules('gate');
    return {
      name: copyName(config, index),
      modulesRoot,
      modules: [...gate, { type: 'ESModule' as const, path: join(workerDir, WORKER_BUNDLE.file) }], // the Worker's bundle, behind the gate
      compatibilityDate: config.compatibility_date,
      compatibilityFlags: config.compatibility_flags,
      bindings: { ...config.vars, ...o.vars },
      kvNamespaces: kvNamespaces(config),
      durableObjects: durableObjects(index === 0 ? undefined : config.name),
      ...limiting,
      serviceBindings: { ...limiting.serviceBindings, [config.assets_binding]: 'sandbox-assets', ...gateBindings },
      ...(shared ? {} : { unsafeDirectSockets: [socket] }),
    };
  });
  const front = {
    name: FRONT,
    ...modules('front'),
    compatibilityDate: config.compatibility_date,
    bindings: { COPIES: isolates },
    serviceBindings: Object.fromEntries(copies.map((copy, index) => [copyBinding(index), copy.name])),
    unsafeDirectSockets: [socket],
  };
  const limiter = {
    name: LIMITER,
    ...modules('limiter'),
    compatibilityDate: config.compatibility_date,
    ratelimits: Object.fromEntries(config.ratelimits.slice(0, 1).map((r) => ['LIMITER', { simple: r.simple }])), // wrangler.toml declares one
  };
  return {
    host: o.host,
    port: 0, // the entry worker's socket, unused: requests come in on the direct socket
    cf: false, // no request to Cloudflare for a .cf object: the sandbox runs offline
    log: o.log === false ? new Log(LogLevel.NONE) : new Log(LogLevel.WARN),
    ...(stdio ? { handleRuntimeStdio: stdio } : {}),
    defaultPersistRoot: o.persistRoot,
    workers: [
      ...copies,
      ...(shared ? [front, limiter] : []),
      {
        name: CONTROL,
        ...modules('control'),
        compatibilityDate: config.compatibility_date,
        // The Worker's namespace and class, under the Worker's names for them.
        kvNamespaces: kvNamespaces(config),
        durableObjects: durableObjects(config.name),
        unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      },
      {
        name: 'sandbox-assets',
        ...modules('assets'),
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

/** Starts the engine; resolves once the Worker answers on its socket. Requests that arrive
 *  before `prepare` (seeding KV) is done wait for it: none sees the sandbox without its fixtures. */
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
  const miniflare = new Miniflare(engineOptions(config, o, stdio));
  try {
    await miniflare.ready;
    const controlUrl = await miniflare.unsafeGetDirectURL(CONTROL);
    const control: Control = async (op, body) => {
      const answer = await fetch(new URL(op, controlUrl), { method: 'POST', body: JSON.stringify(body) });
      if (!answer.ok) throw new Error(`the sandbox's ${op} failed: ${answer.status} ${await answer.text()}`);
    };
    await prepare?.(control);
    await control('open', {});
    const url = (await miniflare.unsafeGetDirectURL((o.isolates ?? 1) > 1 ? FRONT : config.name)).origin;
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
