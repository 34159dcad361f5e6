import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts'], // test/jest/ is the same sandbox under Jest: npm run test:jest
    globalSetup: ['./test/global-setup.ts'], // one sandbox for the whole suite
    testTimeout: 20_000,
  },
});
