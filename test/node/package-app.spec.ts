// The packed package in a client app (installed-package.ts): examples/client-app's own test
// command (tsc on NodeNext, then its contract tests with startSandbox) and its Jest tests (the
// README's globalSetup and globalTeardown) must pass; what it ships resolves: declarations, links.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { runProcess } from '../support/run-process';
import { type InstalledPackage, installedPackage, npm } from './installed-package';

const EXAMPLE_TESTS = 9; // in examples/client-app/test: a run with fewer passing is a failure
const EXAMPLE_JEST_TESTS = 2; // in examples/client-app/test/jest

let pkg: InstalledPackage;
beforeAll(async () => {
  pkg = await installedPackage();
});

it('passes the example client app’s own tests: its types check, and its contract tests run against startSandbox', async () => {
  const tested = await npm(['test'], pkg.app);
  const output = stripVTControlCharacters(tested.stdout + tested.stderr);
  expect(tested.status, output).toBe(0);
  expect(output).toMatch(new RegExp(`Tests\\s+${EXAMPLE_TESTS} passed \\(${EXAMPLE_TESTS}\\)`));
});

it('passes the same app’s Jest tests, whose globalSetup starts the sandbox and whose globalTeardown stops it', async () => {
  // Jest itself, not `npm run test:jest`: on the timeout, SIGTERM reaches Jest (npm would leave
  // it running), which a teardown that left the sandbox running would hold open until then.
  // Its cache in the app's folder, which the run removes, not in the machine's temporary one.
  const jest = join(pkg.app, 'node_modules', '.bin', 'jest');
  const tested = await runProcess(jest, ['--cacheDirectory', join(pkg.app, '.jest-cache')], {
    cwd: pkg.app,
    timeoutMs: 240_000,
  });
  const output = stripVTControlCharacters(tested.stdout + tested.stderr);
  expect(tested.status, output).toBe(0);
  expect(output).toMatch(new RegExp(`Tests:\\s+${EXAMPLE_JEST_TESTS} passed, ${EXAMPLE_JEST_TESTS} total`));
  expect(output).not.toMatch(/did not exit/);
});

// The app's tsc skips checking declaration files (skipLibCheck, as most apps set it), where an
// import that does not resolve under NodeNext would turn the package's types into `any`
// silently. So: each declaration the package exports, and each relative import in one, is there.
it('ships declarations whose every export and relative import resolves under NodeNext', () => {
  const manifest = JSON.parse(readFileSync(join(pkg.packageDir, 'package.json'), 'utf8')) as {
    exports: Record<string, { types?: string }>;
  };
  const declared = Object.values(manifest.exports).flatMap((e) => (e.types ? [join(pkg.packageDir, e.types)] : []));
  expect(declared.length).toBeGreaterThan(0);
  const unresolved: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!existsSync(file)) return void unresolved.push(relative(pkg.packageDir, file));
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      if (!specifier?.endsWith('.js')) unresolved.push(`${relative(pkg.packageDir, file)}: '${specifier}' has no .js extension`);
      else visit(join(dirname(file), specifier.replace(/\.js$/, '.d.ts')));
    }
  };
  for (const file of declared) visit(file);
  expect(unresolved).toEqual([]);
  expect(seen.size).toBeGreaterThan(declared.length); // the entries import the rest
});

// A user reads the README, and the docs it links to, where the package is installed (an editor,
// node_modules): each relative link there opens a file the package ships.
it('ships every file its README and docs link to', () => {
  const shipped = (path: string) => existsSync(join(pkg.packageDir, path));
  const docs = shipped('docs') ? readdirSync(join(pkg.packageDir, 'docs')).filter((file) => file.endsWith('.md')) : [];
  const pages = ['README.md', ...docs.map((file) => join('docs', file))];
  const dead = pages.flatMap((page) =>
    [...readFileSync(join(pkg.packageDir, page), 'utf8').matchAll(/\]\(([^)#\s]+)[^)]*\)/g)]
      .map(([, target]) => target as string)
      .filter((target) => !/^[a-z]+:/.test(target)) // a URL, not a path
      .map((target) => join(dirname(page), target))
      .filter((path) => !shipped(path)),
  );
  expect(dead).toEqual([]);
  expect(pages.length).toBeGreaterThan(1);
});
