// startSandbox: the sandbox for a test runner. Starts the engine (engine.ts) on loopback,
// seeds it with the fixtures checked as `npm run seed` checks them (all or nothing), and hands
// back what a suite needs: its URL, seed, reset and stop. State lives in a folder of its own
// (a fresh temporary one unless `persist` names one), so two sandboxes never share anything.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../src/config';
import type { Env } from '../src/env';
import { JOURNAL_FLUSH_MS, MAX_ISOLATES } from '../src/limits';
import { tenantBounds } from '../src/tenants/reach';
import { type AdminClient, adminClient } from './admin-client';
import type { Control, Engine, WorkerConfig } from './engine';
import { type FixtureSource, planSources, type SeedPlan } from './fixtures';
import { SHIPPED_FIXTURES } from './package-files';
import { workerdProcesses } from './processes';
import { s3UrlOf } from './s3-endpoint';
import { guardAgainstOrphans } from './watchdog';

export interface SandboxOptions {
  /** 0 (the default) takes any free port; `url` says which. */
  port?: number;
  /** 127.0.0.1 unless you need another interface. */
  host?: string;
  /** Fixture files, folders of them, jobs in ExportJobResponse's wire shape, and applications' endpoints
   *  (`{ ApplicationId, Endpoints, Segments? }`: that application's exports hold them), seeded instead of the
   *  sample jobs the package ships (its fixtures/), which are seeded when this is absent; [] seeds none. */
  fixtures?: readonly FixtureSource[];
  /** A folder that keeps KV and the tenants' state across runs; by default a temporary one, removed by stop(). */
  persist?: string;
  /** Over wrangler.toml's [vars], e.g. { SIGV4_VERIFY: 'on', SIGV4_CREDENTIALS: 'AKID=secret' }. */
  vars?: Record<string, string>;
  /** The Worker's console output on this process's stdout and stderr; off by default. */
  log?: boolean;
  /** Called if the Workers runtime stops by itself (a crash, or killed); stop() still cleans up after it. */
  onCrash?: () => void;
  /** Copies of the Worker, each its own isolate with its own memory, taking requests in turn, as
   *  the hosted sandbox's many isolates do; they share the tenants' state, KV and the rate limiter.
   *  1 (the default) to MAX_ISOLATES: more than 1 shows whether a suite holds on the hosted URL. */
  isolates?: number;
}

/** A running sandbox; its admin API (journal, a tenant's reset) is there too, as adminClient(url) gives it. */
export interface Sandbox extends AdminClient {
  /** http://127.0.0.1:<port>, the endpoint to give the Pinpoint client. */
  readonly url: string;
  /** `url` + `/_s3`: the endpoint to give an S3 client (path-style), where completed exports' objects are. */
  readonly s3Url: string;
  /** Adds or replaces seeded jobs and applications' endpoints (files, folders, objects): all or none; rejects naming
   *  every problem. Visible to the next request. Resolves to how many jobs it seeded (endpoints fixtures apart). */
  seed(fixtures: readonly FixtureSource[]): Promise<number>;
  /** Back to how it started: the seeded jobs given at start only, every tenant's created jobs, journal, defaults and counters gone. */
  reset(): Promise<void>;
  /** How many jobs the fixtures given at start seeded (endpoints fixtures apart: `seededEndpointFixtures`). */
  readonly seeded: number;
  /** How many applications' endpoints the fixtures given at start seeded. */
  readonly seededEndpointFixtures: number;
  /** Stops the engine and removes the temporary state; calling it again, or after a crash, does nothing. */
  stop(): Promise<void>;
}

// The Worker's view of KV lags a write by up to its cache window (JOB_CACHE_TTL_MS): set short
// here (unless `vars` says otherwise), and waited out by seed() and reset(), so that what they
// change is what the next request sees. The window still spares KV all but one read per job in it.
const CACHE_WINDOW_MS = 50;

/** What startSandbox and seed() reject with: a bad option, a port in use, an address it cannot listen on, invalid fixtures, a runtime that fails to start, each named. */
export class SandboxError extends Error {
  override name = 'SandboxError';
}

/** Starts a sandbox; rejects with a SandboxError naming the cause, and nothing left running, on
 *  bad fixtures, a bad or taken port, an address it cannot listen on, or a runtime that fails to start. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { port = 0, host = '127.0.0.1', fixtures = [SHIPPED_FIXTURES] } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new SandboxError(`port must be a whole number from 0 to 65535, not ${typeof port === 'number' ? port : described(port)}`);
  const { isolates = 1 } = options;
  if (!Number.isInteger(isolates) || isolates < 1 || isolates > MAX_ISOLATES)
    throw new SandboxError(
      `isolates must be a whole number from 1 to ${MAX_ISOLATES}, not ${typeof isolates === 'number' ? isolates : described(isolates)}`,
    );
  const initial = plan(fixtures);
  await assertListenable(host, port); // also for port 0: Miniflare meets a bad host as an unhandled 'error' event
  const temporary = options.persist === undefined;
  const persistRoot = options.persist ?? mkdtempSync(join(tmpdir(), 'pinpoint-sandbox-'));
  mkdirSync(persistRoot, { recursive: true });
  // Miniflare ends the process on SIGINT or SIGTERM at once; the temporary state goes with it.
  const removeState = () => temporary && rmSync(persistRoot, { recursive: true, force: true });
  process.once('exit', removeState);
  const vars = { JOB_CACHE_TTL_MS: String(CACHE_WINDOW_MS), ...options.vars };
  const seedInitial = (control: Control) => control('put', { entries: initial.entries }); // before the Worker answers anyone
  let engine: Engine;
  const runtimesBefore = new Set(workerdProcesses('ppid', process.pid));
  try {
    const { startEngine } = await import('./engine'); // Miniflare loads in a fifth of a second: not for a refused start
    const engineOptions = { host, port, persistRoot, vars, isolates, log: options.log ?? false, onCrash: options.onCrash };
    engine = await startEngine(engineOptions, seedInitial);
  } catch (error) {
    process.off('exit', removeState);
    removeState();
    throw new SandboxError((error as Error).message, { cause: error });
  }
  const { control } = engine;
  // Should this process be killed outright, its runtime and temporary state go with it.
  const runtimes = workerdProcesses('ppid', process.pid).filter((pid) => !runtimesBefore.has(pid));
  const guard = guardAgainstOrphans(runtimes, temporary ? [persistRoot] : []);
  const settings = readConfig({ ...engine.config.vars, ...vars } as unknown as Env);
  const settle = () => new Promise((resolve) => setTimeout(resolve, Math.max(settings.cacheTtlMs, JOURNAL_FLUSH_MS) + 10));
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= engine
      .dispose()
      .catch(() => {}) // already gone: a crash, or the process is ending
      .finally(() => {
        guard.release();
        process.off('exit', removeState);
        removeState();
      });
    return stopped;
  };
  return {
    url: engine.url,
    s3Url: s3UrlOf(engine.url),
    seeded: initial.jobs,
    seededEndpointFixtures: initial.endpointFixtures,
    stop,
    ...adminClient(engine.url),
    async seed(more) {
      const { entries, jobs } = plan(more);
      await control('put', { entries });
      await settle();
      return jobs;
    },
    async reset() {
      await settle(); // journal entries of requests already answered land first, then go
      await control('prune', { keep: initial.entries.map((e) => e.key) });
      await control('put', { entries: initial.entries }); // seed() may have replaced some of them
      const ids = tenantIds(engine.config, persistRoot);
      await control('resetTenants', { ids, bounds: tenantBounds(settings, Date.now()) });
      await settle();
    },
  };
}

/** A value that is not a number, as a message names it: its type first, so that "9113" does not read as 9113. */
const described = (value: unknown): string =>
  typeof value === 'string' ? `the string ${JSON.stringify(value)} (a number is wanted)` : `${typeof value} ${String(value)}`;

function plan(fixtures: readonly FixtureSource[]): SeedPlan {
  const planned = planSources(fixtures);
  const { problems } = planned;
  if (problems.length > 0)
    throw new SandboxError(`${problems.length} problem(s) in the fixtures, nothing seeded:\n  ${problems.join('\n  ')}`);
  return planned;
}

/** Every tenant that has state: Miniflare keeps one SQLite file per Durable Object, named by its id. */
function tenantIds(config: WorkerConfig, persistRoot: string): string[] {
  const [binding] = config.durable_objects;
  if (!binding) return [];
  try {
    return readdirSync(join(persistRoot, 'do', `${config.name}-${binding.class_name}`))
      .filter((f) => /^[0-9a-f]{64}\.sqlite$/.test(f))
      .map((f) => f.slice(0, 64));
  } catch {
    return []; // no tenant has been touched yet
  }
}

// Why a listen fails, in the user's terms, by the error's code.
const LISTEN_PROBLEMS: Record<string, (host: string, port: number) => string> = {
  EADDRINUSE: (host, port) => `port ${port} on ${host} is already in use`,
  EADDRNOTAVAIL: (host) => `cannot listen on ${host}: it is not an address of this machine`,
  ENOTFOUND: (host) => `cannot listen on ${host}: not an IP address or a name this machine resolves`,
  EACCES: (host, port) => `cannot listen on ${host}:${port}: permission denied (ports below 1024 need privileges)`,
};

/** Fails fast, and clearly, when the host or port cannot be listened on, rather than through workerd's log or a crash. */
function assertListenable(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const named = LISTEN_PROBLEMS[error.code ?? '']?.(host, port);
      reject(new SandboxError(named ? `${named} (${error.code})` : `cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
