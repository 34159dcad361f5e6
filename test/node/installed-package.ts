// The package as a client app gets it: `npm pack`, installed with npm into a copy of
// examples/client-app. Made once per run, in the background from the node project's global
// setup (which built dist/ first, so the pack skips its prepack build), into the run's shared
// folder; the files that need it wait for it here.
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';

const PACKAGE = 'pinpoint-export-job-sandbox';
const WAIT_STEP_MS = 200;
const OUTPUT_KEPT = 64 * 1024 * 1024; // npm's output, read whole: it explains a failure

/** npm as the test run's own npm (npm test sets npm_execpath), else the one on PATH. */
const npmCommand = (): [string, string[]] => (process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []]);
const npmEnv = () => ({ ...process.env, npm_config_update_notifier: 'false' });

export const npm = (args: string[], cwd: string) => {
  const [command, prefix] = npmCommand();
  return spawnSync(command, [...prefix, ...args], { cwd, encoding: 'utf8', env: npmEnv() });
};

export interface InstalledPackage {
  app: string; // the client app's folder
  bin: string; // the installed CLI
  packageDir: string; // the installed package
}

const where = (runDir: string) => {
  const root = join(runDir, 'package');
  return { root, app: join(root, 'client-app'), done: join(root, 'done'), failed: join(root, 'failed') };
};

/** Waits for the global setup's pack and install; throws what made it fail. */
export async function installedPackage(): Promise<InstalledPackage> {
  const { app, done, failed } = where(inject('nodeRunDir'));
  while (!existsSync(done)) {
    if (existsSync(failed)) throw new Error(readFileSync(failed, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
  return { app, bin: join(app, 'node_modules', '.bin', PACKAGE), packageDir: join(app, 'node_modules', PACKAGE) };
}

/** Packs dist/ as it is and installs it into a copy of the example app, in the background;
 *  marks the end in the run's folder: done, or failed with npm's words. */
export function packAndInstall(runDir: string): { stop: () => Promise<void> } {
  const { root, app, done, failed } = where(runDir);
  mkdirSync(root);
  const abort = new AbortController();
  const [command, prefix] = npmCommand();
  const run = (args: string[], cwd: string) =>
    promisify(execFile)(command, [...prefix, ...args], { cwd, env: npmEnv(), signal: abort.signal, maxBuffer: OUTPUT_KEPT });
  const work = (async () => {
    await run(['pack', '--ignore-scripts', '--pack-destination', root, '--silent'], process.cwd());
    cpSync('examples/client-app', app, { recursive: true, filter: (path) => !/node_modules|\.tgz$/.test(path) });
    const [tarball] = readdirSync(root).filter((f) => f.endsWith('.tgz'));
    renameSync(join(root, tarball as string), join(app, `${PACKAGE}.tgz`)); // the name its package.json installs
    await run(['install', '--prefer-offline', '--no-audit', '--no-fund'], app);
  })().then(
    () => writeFileSync(done, ''),
    (error: Error & { stderr?: string }) =>
      writeFileSync(failed, `packing or installing the package failed: ${error.message}\n${error.stderr ?? ''}`),
  );
  return {
    stop: () => {
      abort.abort();
      return work;
    },
  };
}
