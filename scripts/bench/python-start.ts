// The pytest plugin's first sandbox against startSandbox, in the same run: how long a Python
// suite waits before its first test, as pytest itself reports the session fixture's setup
// (--durations), against the npm package's own start, from the call to its answer, each in a
// fresh process, as a test run's first start is (the engine's modules not yet loaded). Both
// start the same built CLI and engine (dist/); the goal is a ratio, since a busy machine slows both.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SAMPLES = 5;
const GOAL = 2; // the plugin's first sandbox, at most this many times startSandbox's start
const PYTHONS = [process.env.PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => Boolean(p));

// startSandbox in a new Node.js, timed from the call (the package already imported, as a
// globalSetup file imports it) to its answer; prints seconds.
const FRESH_START = `
const { startSandbox } = await import(process.argv[1]);
const started = performance.now();
const sandbox = await startSandbox();
console.log((performance.now() - started) / 1000);
await sandbox.stop();
`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function pythonStart(): Promise<void> {
  const python = PYTHONS.find((p) => {
    try {
      execFileSync(p, ['-c', 'import pytest, boto3, hatchling, venv'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (!python) {
    console.log(
      '\nThe pytest plugin’s start: skipped, no Python with pytest, boto3 and hatchling (apt-get install python3-pytest python3-boto3 python3-hatchling)',
    );
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-python-'));
  try {
    const venvPython = join(dir, 'venv', 'bin', 'python');
    execFileSync(python, ['-m', 'venv', '--system-site-packages', join(dir, 'venv')]);
    execFileSync(venvPython, ['-m', 'pip', 'install', '--quiet', '--no-index', '--no-build-isolation', './python']);
    writeFileSync(join(dir, 'test_first.py'), 'def test_first(pinpoint_sandbox):\n    assert pinpoint_sandbox.url\n');
    const env = { ...process.env, PINPOINT_SANDBOX_CLI: join(process.cwd(), 'dist', 'cli.js') };
    const plugin: number[] = [];
    const pkg: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const out = execFileSync(
        venvPython,
        ['-m', 'pytest', '-p', 'no:cacheprovider', '--durations=0', '--durations-min=0', '-vv', 'test_first.py'],
        {
          cwd: dir,
          env,
          encoding: 'utf8',
        },
      );
      const setup = /([\d.]+)s setup\s+test_first\.py::test_first/.exec(out)?.[1];
      if (!setup) throw new Error(`pytest printed no setup time:\n${out}`);
      plugin.push(Number(setup));
      pkg.push(
        Number(
          execFileSync(process.execPath, ['--input-type=module', '-e', FRESH_START, join(process.cwd(), 'dist', 'index.js')], {
            encoding: 'utf8',
          }),
        ),
      );
    }
    const [p, s] = [median(plugin), median(pkg)];
    console.log(`\nThe pytest plugin’s first sandbox against startSandbox (median of ${SAMPLES} each, same run):\n`);
    console.log('| start | s | ratio | goal |\n| --- | ---: | ---: | ---: |');
    console.log(
      `| pinpoint_sandbox's setup, as pytest --durations reports it | ${p.toFixed(2)} | ${(p / s).toFixed(2)} × startSandbox's ${s.toFixed(2)} s | ≤ ${GOAL} |`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
