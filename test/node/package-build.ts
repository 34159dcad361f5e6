// dist/ as `npm run build` makes it (the Worker's bundle and the Node side; the declarations,
// which only the pack needs, are the node project's to add, in the background), built once per
// test run for every project that needs it: the client suite's sandboxes run its Worker, the
// node project packs it. Global setups run in vitest's main process, one after another, so a
// promise kept on globalThis is shared by both, whichever runs first; and no test file starts
// before it is built, so none sees dist/ half written.
import { buildPackage } from '../../scripts/build';

const BUILT = Symbol.for('pinpoint-export-job-sandbox:test-build');

export function builtPackage(): Promise<void> {
  const shared = globalThis as { [BUILT]?: Promise<void> };
  shared[BUILT] ??= buildPackage({ types: false });
  return shared[BUILT];
}
