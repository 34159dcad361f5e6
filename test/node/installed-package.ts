// The package as a client app gets it: `npm pack`, installed with npm into a copy of
// examples/client-app. Made once per run, in the background from the node project's global
// setup (pack-and-install.ts), into the run's shared folder; the files that need it wait for
// it here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { NPM } from '../../scripts/tools';
import { type Run, runProcess } from '../support/run-process';

export const PACKAGE = 'pinpoint-export-job-sandbox';
const WAIT_STEP_MS = 200;

/** npm as the test run's own npm, else the one on PATH (scripts/tools.ts): the command and the arguments before yours. */
export const npmCommand = (): [string, string[]] => [NPM[0], NPM.slice(1)];
export const npmEnv = () => ({ ...process.env, npm_config_update_notifier: 'false' });

export const npm = (args: string[], cwd: string): Promise<Run> => {
  const [command, prefix] = npmCommand();
  return runProcess(command, [...prefix, ...args], { cwd, env: npmEnv() });
};

export interface InstalledPackage {
  app: string; // the client app's folder
  bin: string; // the installed CLI
  packageDir: string; // the installed package
}

/** Where the run's folder keeps the package: the app it is installed in, and the marks of the end. */
export const where = (runDir: string) => {
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
