import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Property tests: one seed for the run, fixed in CI so that CI is repeatable, printed so that
// any run can be replayed (FC_SEED=<seed> npm test).
const FC_SEED = Number(process.env.FC_SEED ?? (process.env.CI ? 20_261_129 : Math.floor(Math.random() * 2 ** 31)));
console.log(`fast-check seed: ${FC_SEED} (replay with FC_SEED=${FC_SEED})`);
const properties = { setupFiles: ['test/support/fast-check-seed.ts'], provide: { fcSeed: FC_SEED } };

// Three projects: specs that run inside the Workers runtime (the Worker, its pure modules,
// real local KV and Durable Objects), Node-side suites that drive the Worker from outside
// (seeding CLI, wrangler), and real clients against a running sandbox.
export default defineConfig({
  test: {
    // Most suites wait on other processes (wrangler, workerd, npm, a browser), not on this
    // machine's CPUs: more files at once than CPUs (vitest's default) shortens the run.
    maxWorkers: 4,
    projects: [
      {
        plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' } })],
        test: {
          name: 'workers',
          include: ['src/**/*.spec.ts', 'test/workers/**/*.spec.ts'],
          // A spec here sends up to a few hundred requests through the runtime; on a shared CI
          // machine with four busy loops beside four test files at once, the 120-request seeded
          // sequence took over 30 s. What a spec asserts is behaviour, never speed (the bench
          // measures that): a timeout only catches a hang.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          ...properties,
        },
      },
      {
        test: {
          name: 'node',
          include: ['test/node/**/*.spec.ts', 'node/**/*.spec.ts'],
          environment: 'node',
          // The packed package, made once for the run by the first file that needs it.
          globalSetup: ['test/node/global-setup.ts'],
          // These drive wrangler, workerd and npm as processes: a busy machine makes them slower,
          // never wrong, so a timeout here only catches a hang (packing and installing the
          // package, which the other package files wait for, took 47 s on a loaded machine).
          testTimeout: 300_000,
          hookTimeout: 600_000,
          ...properties,
        },
      },
      {
        test: {
          name: 'clients',
          include: ['test/clients/**/*.spec.ts'],
          environment: 'node',
          globalSetup: ['test/clients/global-setup.ts'],
          testTimeout: 120_000, // as above: only a hang, never a slow machine, fails a test
          hookTimeout: 120_000,
          ...properties,
        },
      },
    ],
  },
});
