import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { ProjectOrderSequencer } from './test/support/sequencer.js'; // with an extension: Vite warns at every run of a config importing one without

// Property tests: one seed for the run, fixed in CI so that CI is repeatable, printed so that
// any run can be replayed (FC_SEED=<seed> npm test).
const FC_SEED = Number(process.env.FC_SEED ?? (process.env.CI ? 20_261_129 : Math.floor(Math.random() * 2 ** 31)));
console.log(`fast-check seed: ${FC_SEED} (replay with FC_SEED=${FC_SEED})`);
const properties = { setupFiles: ['test/support/fast-check-seed.ts'], provide: { fcSeed: FC_SEED } };

// The Workers runtime's specs that each need a runtime of their own (storage, bindings and the
// Worker's isolate fresh), and why; the rest share one (the workers project below).
const OWN_RUNTIME: Record<string, string> = {
  'test/workers/fuzz.spec.ts': 'writes hostile values under the seeded applications’ keys',
  'test/workers/export-jobs-fuzz.spec.ts': 'fills forty tenants with thousands of jobs',
  'test/workers/s3-fuzz.spec.ts': 'deletes and lists under generated buckets and keys',
  'test/workers/sandbox.spec.ts': 'writes fixtures of its own over the seeded keys',
};
// What the Workers runtime's projects share: the Worker as wrangler.toml declares it, and
// limits that only a hang reaches. A spec there sends up to a few hundred requests through
// the runtime; on a shared CI machine with four busy loops beside four test files at once,
// the 120-request seeded sequence took over 30 s. What a spec asserts is behaviour, never
// speed (the bench measures that).
const workersRuntime = () => cloudflareTest({ wrangler: { configPath: './wrangler.toml' } });
const workersRuntimeTest = { testTimeout: 120_000, hookTimeout: 120_000, ...properties };
// The Node-side projects' files run in a few long-lived processes (isolate: false), not one
// started per file: a start and its imports cost a second of CPU, and these files keep no state
// in modules that another file could see, and none mocks a module or the environment.
const nodeSide = { environment: 'node' as const, isolate: false, ...properties };

// Four projects: specs that run inside the Workers runtime (the Worker, its pure modules,
// real local KV and Durable Objects; two projects, by whether a file needs a runtime of its own), Node-side suites that drive the Worker from outside
// (seeding CLI, wrangler), and real clients against a running sandbox.
export default defineConfig({
  test: {
    // Most suites wait on other processes (wrangler, workerd, npm, a browser), not on this
    // machine's CPUs: more files at once than CPUs (vitest's default) shortens the run.
    maxWorkers: 4,
    sequence: { sequencer: ProjectOrderSequencer },
    projects: [
      {
        plugins: [workersRuntime()],
        test: {
          // One runtime, its storage included, for all the files a vitest worker runs
          // (isolate: false), not one started per file: a start costs 1.5 s of CPU, as much as
          // most of these files' tests. Each file here seeds only the shipped fixtures, and
          // writes only under tenants and applications of its own, so another file's state never
          // reaches it; a job one writes to KV it deletes when its test ends (GET / lists every
          // job there), and one that swaps a part of the Worker's runtime puts it back (the files
          // a worker runs run one after another).
          name: 'workers',
          include: ['src/**/*.spec.ts', 'test/workers/**/*.spec.ts'],
          exclude: Object.keys(OWN_RUNTIME),
          isolate: false,
          ...workersRuntimeTest,
        },
      },
      {
        plugins: [workersRuntime()],
        test: { name: 'workers-own-runtime', include: Object.keys(OWN_RUNTIME), ...workersRuntimeTest },
      },
      {
        test: {
          name: 'node',
          include: ['test/node/**/*.spec.ts', 'node/**/*.spec.ts'],
          // The packed package, made once for the run by the first file that needs it.
          globalSetup: ['test/node/global-setup.ts'],
          // These drive wrangler, workerd and npm as processes: a busy machine makes them slower,
          // never wrong, so a timeout here only catches a hang (packing and installing the
          // package, which the other package files wait for, took 47 s on a loaded machine).
          testTimeout: 300_000,
          hookTimeout: 600_000,
          ...nodeSide,
        },
      },
      {
        test: {
          name: 'clients',
          include: ['test/clients/**/*.spec.ts'],
          globalSetup: ['test/clients/global-setup.ts'],
          testTimeout: 120_000, // as above: only a hang, never a slow machine, fails a test
          hookTimeout: 120_000,
          ...nodeSide,
        },
      },
    ],
  },
});
