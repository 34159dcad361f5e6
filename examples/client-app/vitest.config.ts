import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'], // one sandbox for the whole suite
    testTimeout: 20_000,
  },
});
