// Temporary folders for a test file, all removed when the file's tests are done, passed or failed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Call at a file's top level; the function it returns makes a fresh folder (under `parent`, or the system's temporary folder). */
export function tempDirs(prefix: string): (parent?: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (parent = tmpdir()) => {
    const dir = mkdtempSync(join(parent, `${prefix}-`));
    made.push(dir);
    return dir;
  };
}
