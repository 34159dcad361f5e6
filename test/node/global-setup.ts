// The node project's run: one folder for what its files share, removed when the run ends,
// failed or not; and the packed package installed into a copy of examples/client-app there,
// made in the background from the start of the run (pack-and-install.ts), while other files
// run: packing and installing take a third of a minute, which the files that need the package
// would otherwise spend waiting.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { packAndInstall } from './pack-and-install';
import { builtPackage } from './package-build';
import { runFolderParent } from './ram-folder';

declare module 'vitest' {
  export interface ProvidedContext {
    nodeRunDir: string;
  }
}

export default async function setup(project: TestProject) {
  await builtPackage(); // what npm pack packs, built before any file starts (and before the folder, which a failed build would leave)
  const dir = mkdtempSync(join(runFolderParent(), 'node-run-'));
  project.provide('nodeRunDir', dir);
  const packing = packAndInstall(dir);
  return async () => {
    await packing.stop(); // a run that ends first (one file, or a failure) does not wait for it
    rmSync(dir, { recursive: true, force: true });
  };
}
