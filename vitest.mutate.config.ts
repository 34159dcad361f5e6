// The pure modules' specs alone, in Node, for mutation testing (npm run mutate, stryker.config.json):
// they need no Workers runtime, and a mutant run is many test runs, so each must be quick.
// The fast-check seed is fixed, so that a mutant is killed or survives the same way every run.
import { defineConfig } from 'vitest/config';
import LoadFailureReporter from './test/support/load-failure-reporter.js'; // with an extension: Vite warns at every run of a config importing one without

export default defineConfig({
  test: {
    include: ['src/{harness,jobs,http,gateway,s3,exports}/**/*.spec.ts', 'node/cli-args.spec.ts'],
    exclude: ['src/exports/object.spec.ts'], // the runtime's CompressionStream and DigestStream: the Workers pool runs it
    environment: 'node',
    setupFiles: ['test/support/fast-check-seed.ts'],
    provide: { fcSeed: 20_261_129 },
    // A spec file that fails to load counts as a failed test (see the reporter).
    reporters: ['default', new LoadFailureReporter()],
  },
});
