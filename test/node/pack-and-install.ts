// The package packed and installed for the node project's run, in the background from its
// global setup: dist/ was built by then, but for its declarations (read by no test but through
// the pack), which this adds first; the pack then skips its prepack build.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildDeclarations } from '../../scripts/build';
import { npmCommand, npmEnv, PACKAGE, where } from './installed-package';

const OUTPUT_KEPT = 64 * 1024 * 1024; // npm's output, read whole: it explains a failure

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
    await buildDeclarations();
    await run(['pack', '--ignore-scripts', '--pack-destination', root, '--silent'], process.cwd());
    cpSync('examples/client-app', app, { recursive: true, filter: (path) => !/node_modules|\.tgz$/.test(path) });
    const [tarball] = readdirSync(root).filter((f) => f.endsWith('.tgz'));
    renameSync(join(root, tarball as string), join(app, `${PACKAGE}.tgz`)); // the name its package.json installs
    await run(['install', '--prefer-offline', '--no-audit', '--no-fund'], app);
  })().then(
    () => writeFileSync(done, ''),
    (error: Error & { stderr?: string }) =>
      writeFileSync(failed, `building the declarations, packing or installing the package failed: ${error.message}\n${error.stderr ?? ''}`),
  );
  return {
    stop: () => {
      abort.abort();
      return work;
    },
  };
}
