// The package as a client app gets it: `npm pack`, installed with npm into a copy of
// examples/client-app. Made once per run, by the first test file that asks, in the run's shared
// folder (global-setup.ts); the files that ask meanwhile wait for it. Packing and installing take
// most of a minute on a busy machine: once, not once per file.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

const PACKAGE = 'pinpoint-export-job-sandbox';
const WAIT_STEP_MS = 200;

/** npm as the test run's own npm (npm test sets npm_execpath), else the one on PATH. */
export const npm = (args: string[], cwd: string) => {
  const [command, prefix] = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  return spawnSync(command, [...prefix, ...args], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
};

export interface InstalledPackage {
  app: string; // the client app's folder
  bin: string; // the installed CLI
  packageDir: string; // the installed package
}

function describeInstall(app: string): InstalledPackage {
  return { app, bin: join(app, 'node_modules', '.bin', PACKAGE), packageDir: join(app, 'node_modules', PACKAGE) };
}

/** Packs and installs, or waits for the file that does; throws what made it fail. */
export async function installedPackage(): Promise<InstalledPackage> {
  const root = join(inject('nodeRunDir'), 'package');
  const app = join(root, 'client-app');
  const [done, failed] = [join(root, 'done'), join(root, 'failed')];
  try {
    mkdirSync(root); // atomic: the file that makes it does the work
  } catch {
    while (!existsSync(done)) {
      if (existsSync(failed)) throw new Error(readFileSync(failed, 'utf8'));
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
    return describeInstall(app);
  }
  const problem = packAndInstall(root, app);
  writeFileSync(problem ? failed : done, problem ?? '');
  if (problem) throw new Error(problem);
  return describeInstall(app);
}

function packAndInstall(root: string, app: string): string | undefined {
  const packed = npm(['pack', '--pack-destination', root, '--silent'], process.cwd());
  if (packed.status !== 0) return `npm pack failed:\n${packed.stderr}`;
  cpSync('examples/client-app', app, { recursive: true, filter: (path) => !/node_modules|\.tgz$/.test(path) });
  const [tarball] = readdirSync(root).filter((f) => f.endsWith('.tgz'));
  renameSync(join(root, tarball as string), join(app, `${PACKAGE}.tgz`)); // the name its package.json installs
  const installed = npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], app);
  if (installed.status !== 0) return `npm install failed:\n${installed.stderr}`;
  return undefined;
}
