import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Two projects: specs that run inside the Workers runtime (the Worker, its pure modules,
// real local KV), and Node-side suites that drive the Worker from outside (seeding CLI,
// wrangler, real clients).
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' } })],
        test: { name: 'workers', include: ['src/**/*.spec.ts', 'test/workers/**/*.spec.ts'] },
      },
      {
        test: { name: 'node', include: ['test/node/**/*.spec.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000 },
      },
      {
        test: {
          name: 'clients',
          include: ['test/clients/**/*.spec.ts'],
          environment: 'node',
          globalSetup: ['test/clients/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
