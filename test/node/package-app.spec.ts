// The packed package in a client app (installed-package.ts): examples/client-app's own test
// command (tsc on NodeNext, then its contract tests with startSandbox) and its Jest tests (the
// README's globalSetup and globalTeardown) must pass.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { type InstalledPackage, installedPackage, npm } from './installed-package';

const EXAMPLE_TESTS = 9; // in examples/client-app/test: a run with fewer passing is a failure
const EXAMPLE_JEST_TESTS = 2; // in examples/client-app/test/jest

let pkg: InstalledPackage;
beforeAll(async () => {
  pkg = await installedPackage();
});

it('passes the example client app’s own tests: its types check, and its contract tests run against startSandbox', () => {
  const tested = npm(['test'], pkg.app);
  const output = stripVTControlCharacters(tested.stdout + tested.stderr);
  expect(tested.status, output).toBe(0);
  expect(output).toMatch(new RegExp(`Tests\\s+${EXAMPLE_TESTS} passed \\(${EXAMPLE_TESTS}\\)`));
});

it('passes the same app’s Jest tests, whose globalSetup starts the sandbox and whose globalTeardown stops it', () => {
  // Jest itself, not `npm run test:jest`: on the timeout, SIGTERM reaches Jest (npm would leave
  // it running), which a teardown that left the sandbox running would hold open until then.
  const tested = spawnSync(join(pkg.app, 'node_modules', '.bin', 'jest'), [], { cwd: pkg.app, encoding: 'utf8', timeout: 240_000 });
  const output = stripVTControlCharacters(tested.stdout + tested.stderr);
  expect(tested.status, output).toBe(0);
  expect(output).toMatch(new RegExp(`Tests:\\s+${EXAMPLE_JEST_TESTS} passed, ${EXAMPLE_JEST_TESTS} total`));
  expect(output).not.toMatch(/did not exit/);
});
