// The installed package's own files: its root, its sample jobs and its version. This module sits
// one folder below the root both as source (node/) and as built (a chunk in dist/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The sample jobs the package ships (the repository's fixtures/): seeded when no fixtures are given. */
export const SHIPPED_FIXTURES = join(PACKAGE_ROOT, 'fixtures');

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
