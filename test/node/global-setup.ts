// The node project's run: one folder for what its files share (the packed package, installed
// into a copy of examples/client-app, made once by the first file that needs it), removed when
// the run ends, failed or not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    nodeRunDir: string;
  }
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'node-run-'));
  project.provide('nodeRunDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
