// The Python plugin as a Python team gets it: pip-installed into a virtual environment (with
// Debian's pytest, pytest-xdist and boto3 beside it; no Python registry is reached), run by
// pytest against the npm package as packed and installed. Its own suite (python/tests: the
// pipeline through boto3, errors, journal, reset, -n 2, --pinpoint-sandbox-url, a SIGKILLed
// pytest), the example Python app (finding the CLI in node_modules/.bin, as a user's does),
// its types, its build, and its harness checks against the Worker's parser on the same values.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harnessHeaders } from '../../node/harness-headers';
import { contractText, PYTHON_CONTRACT, snake } from '../../scripts/python-contract';
import { type Run, runProcess } from '../support/run-process';
import { type InstalledPackage, installedPackage, npm } from './installed-package';
import { tempDirs } from './temp-dirs';

const REQUIRED = ['pytest', 'xdist', 'boto3', 'hatchling', 'build', 'venv'];
const PYTHONS = [process.env.PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => Boolean(p));
const probe = await Promise.all(PYTHONS.map((p) => runProcess(p, ['-c', `import ${REQUIRED.join(', ')}`]).catch(() => null)));
const python = PYTHONS.find((_, i) => probe[i]?.status === 0);
if (!python)
  console.log(`Python plugin tests skipped: none of ${PYTHONS.join(', ')} has ${REQUIRED.join(', ')} (.ci/run installs Debian's)`);

const tempDir = tempDirs('python-plugin');
/** boto3 reads nothing of this machine's AWS configuration. */
const env = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  ...extra,
});
const expectOk = (run: Run) => expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

let venv: string;
let pkg: InstalledPackage;
const venvPython = () => join(venv, 'bin', 'python');

describe.skipIf(!python)('the pytest plugin, pip-installed', () => {
  beforeAll(async () => {
    venv = join(tempDir(), 'venv');
    expectOk(await runProcess(python as string, ['-m', 'venv', '--system-site-packages', venv]));
    expectOk(
      await runProcess(venvPython(), ['-m', 'pip', 'install', '--no-index', '--no-build-isolation', '--quiet', './python'], { env: env() }),
    );
    pkg = await installedPackage();
  });

  it('passes its own suite against the packed package: pipeline, errors, journal, reset, -n 2, a given URL, a SIGKILLed pytest', async () => {
    const run = await runProcess(
      venvPython(),
      ['-m', 'pytest', 'python/tests', '-p', 'no:cacheprovider', '--basetemp', join(tempDir(), 'pytest')],
      {
        env: env({ PINPOINT_SANDBOX_CLI: pkg.bin }),
      },
    );
    expectOk(run);
    expect(run.stdout).toMatch(/\b\d+ passed\b/);
    expect(run.stdout).not.toMatch(/skipped|failed|error/);
  });

  it('runs the example Python app’s tests, with no conftest, finding the CLI in the app’s node_modules', async () => {
    const app = join(pkg.app, 'python-app'); // below the client app, whose node_modules/.bin has the CLI
    cpSync('examples/python-app', app, { recursive: true, filter: (path) => !/__pycache__|\.pytest_cache/.test(path) });
    expect(existsSync(join(app, 'conftest.py'))).toBe(false);
    const run = await runProcess(venvPython(), ['-m', 'pytest', '-p', 'no:cacheprovider'], { cwd: app, env: env() });
    expectOk(run);
    expect(run.stdout).toMatch(/\b\d+ passed\b/);
  });

  it('runs the README’s Python test as written, with no conftest', async () => {
    const [test, ...more] = [...readFileSync('README.md', 'utf8').matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    expect(more).toEqual([]); // the one block this runs is the one the README shows
    const dir = join(tempDir(pkg.app), 'readme'); // below the client app: the CLI found in its node_modules
    mkdirSync(dir);
    writeFileSync(join(dir, 'test_readme.py'), test as string);
    const run = await runProcess(venvPython(), ['-m', 'pytest', '-p', 'no:cacheprovider', 'test_readme.py'], { cwd: dir, env: env() });
    expectOk(run);
    expect(run.stdout).toMatch(/\b1 passed\b/);
  });

  it('is typed: mypy --strict passes on the installed package', async ({ skip }) => {
    const probeMypy = await runProcess(venvPython(), ['-m', 'mypy', '--version'], { env: env() });
    if (probeMypy.status !== 0) skip('no mypy (apt-get install mypy; .ci/run does)');
    expectOk(
      await runProcess(
        venvPython(),
        ['-m', 'mypy', '--config-file', 'python/pyproject.toml', '--cache-dir', join(tempDir(), 'mypy'), '-p', 'pinpoint_export_sandbox'],
        {
          env: env(),
        },
      ),
    );
  });

  it('builds its sdist and wheel, the wheel registering the pytest plugin and shipping its types and contract', async () => {
    const out = tempDir();
    expectOk(
      await runProcess(venvPython(), ['-m', 'build', '--no-isolation', '--skip-dependency-check', '--outdir', out, 'python'], {
        env: env(),
      }),
    );
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    const wheel = join(out, `pinpoint_export_sandbox-${version}-py3-none-any.whl`);
    expect(existsSync(join(out, `pinpoint_export_sandbox-${version}.tar.gz`))).toBe(true);
    const listing = await runProcess(venvPython(), ['-m', 'zipfile', '-l', wheel]);
    for (const file of ['py.typed', '_contract.json', 'plugin.py', 'entry_points.txt']) expect(listing.stdout).toContain(file);
    const entryPoints = await runProcess(venvPython(), [
      '-c',
      `import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(z.read([n for n in z.namelist() if n.endswith('entry_points.txt')][0]).decode())`,
      wheel,
    ]);
    expect(entryPoints.stdout).toMatch(/\[pytest11\]\s*pinpoint_export_sandbox = pinpoint_export_sandbox\.plugin/);
  });

  // Python's checks are written from the generated contract; these runs hold them to the Worker's
  // parser: for the same options, both accept with the same headers, or both refuse.
  it('agrees with the Worker’s harness parser on generated options (fast-check; the run prints its seed)', async () => {
    const cases = fc.sample(harnessOptions, 400);
    const verdicts = await pythonVerdicts(cases.map(toSnake));
    cases.forEach((options, i) => {
      let node: { ok: true; headers: Record<string, string> } | { ok: false };
      try {
        node = { ok: true, headers: harnessHeaders(options as Harness) };
      } catch {
        node = { ok: false };
      }
      const py = verdicts[i] as { ok: boolean; headers?: Record<string, string>; error?: string; type?: string };
      // A value of the wrong type is a TypeError in Python, where TypeScript refuses it at compile time.
      if (py.type === 'TypeError') return;
      expect({ options, ok: py.ok, headers: py.headers }, py.error).toEqual({ options, ...node });
    });
  });
});

describe('the Python plugin’s contract', () => {
  it('is what npm run python:contract writes from the npm package today', () => {
    expect(readFileSync(PYTHON_CONTRACT, 'utf8'), 'stale: run npm run python:contract').toBe(contractText());
  });

  it('gives the Python package the npm package’s version', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect((JSON.parse(readFileSync(PYTHON_CONTRACT, 'utf8')) as { version: string }).version).toBe(version);
    expect(readFileSync('python/pyproject.toml', 'utf8')).toContain(`path = "${PYTHON_CONTRACT.replace('python/', '')}"`);
  });
});

describe('npm publish', () => {
  it('packs the package for publishing (dry run)', async () => {
    const run = await npm(['publish', '--dry-run', '--ignore-scripts', '--offline'], process.cwd());
    expectOk(run);
    expect(`${run.stdout}${run.stderr}`).toContain('dist/cli.js');
  });
});

type Options = Record<string, unknown>;

const toSnake = (options: Options): Options =>
  Object.fromEntries(
    Object.entries(options).map(([name, value]) => [
      snake(name),
      name === 'progression' && value && typeof value === 'object' && !Array.isArray(value) ? toSnake(value as Options) : value,
    ]),
  );

const near = <T>(valid: fc.Arbitrary<T>, ...odd: unknown[]) => fc.oneof(valid, fc.constantFrom(...odd));
const word = fc.stringMatching(/^[\x21-\x7e]{1,12}$/);
const harnessOptions: fc.Arbitrary<Options> = fc.record(
  {
    error: near(
      fc.constantFrom('TooManyRequestsException', 'toomanyrequestsexception', 'SlowDown', 'NoSuchKey', 503, 502, 404, 412),
      418,
      'Teapot',
      '503',
      0,
      '',
    ),
    errorMessage: near(word, ''),
    errorAttempts: near(fc.integer({ min: 1, max: 100 }), 0, 101, 2.5, '2', -1),
    errorRate: near(fc.double({ min: 0, max: 1, noNaN: true }), 1.5, -0.1, '0.5'),
    seed: near(word, 'two words', '', 'x'.repeat(129)),
    delayMs: near(
      fc.oneof(fc.integer({ min: 0, max: 60_000 }), fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 500, max: 60_000 }))),
      [9, 3],
      60_001,
      -5,
      1.5,
      '10',
    ),
    fault: near(fc.constantFrom('empty-body', 'malformed-json', 'truncated-json'), 'broken', ''),
    now: near(
      fc.oneof(
        fc.integer({ min: 0, max: 253_402_300_799_999 }),
        fc.constantFrom('2026-11-01T00:04:00Z', '2026-11-01T00:04:00.123+02:00', '2026-11-01T00:04Z'),
      ),
      '2026-02-30T00:00:00Z',
      'yesterday',
      '2026-11-01',
      253_402_300_800_000,
      -1,
    ),
    progression: near(
      fc.record(
        {
          start: near(fc.constantFrom('2026-11-01T00:00:00Z', 1_700_000_000_000), 'soon'),
          durationS: near(fc.oneof(fc.integer({ min: 0, max: 31_536_000 }), fc.constantFrom(2.5, 0.25)), 31_536_001, -1, '5'),
          outcome: near(fc.constantFrom('COMPLETED', 'FAILED', 'CANCELLED'), 'DONE', 'completed'),
          pieces: near(fc.integer({ min: 1, max: 10_000 }), 0, 10_001, 2.5),
          endpoints: near(fc.integer({ min: 1, max: 2_147_483_647 }), 0, 2_147_483_648),
        },
        { requiredKeys: [] },
      ),
      'duration=5',
    ),
  },
  { requiredKeys: [] },
);

/** Each case's verdict from the installed plugin: its headers, or the error it raised. */
async function pythonVerdicts(cases: Options[]): Promise<unknown[]> {
  const dir = tempDir();
  const input = join(dir, 'cases.json');
  writeFileSync(input, JSON.stringify(cases));
  const script = `
import json, sys
from pinpoint_export_sandbox import harness_headers
out = []
for options in json.load(open(sys.argv[1])):
    if isinstance(options.get("delay_ms"), list):
        options["delay_ms"] = tuple(options["delay_ms"])
    try:
        out.append({"ok": True, "headers": harness_headers(**options)})
    except (ValueError, TypeError) as error:
        out.append({"ok": False, "error": str(error), "type": type(error).__name__})
print(json.dumps(out))
`;
  const run = await runProcess(venvPython(), ['-c', script, input], { env: env() });
  expectOk(run);
  return JSON.parse(run.stdout) as unknown[];
}
