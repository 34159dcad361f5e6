// @ts-check
// The package's declarations (dist/types) come from the Node side's type check, which reads
// every file they describe anyway: `npm run typecheck` emits them into a cache beside its check
// (at no cost one can measure), with a digest of what they were made from; the build copies
// them from there when that digest still holds, and otherwise runs the same check itself. One
// way to make them, and `npm test` does not check the same 350 files a third time to pack.
// Plain JavaScript: typecheck.mjs loads no TypeScript.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
export const NODE_PROJECT = 'tsconfig.node.json';
export const DECLARATIONS_CACHE = join('node_modules', '.cache', 'declarations');
const DIGEST_FILE = 'inputs.sha256';
// What the declarations are made from: the sources they describe, how they are compiled, and
// the versions of the types they use.
const SOURCE_FOLDERS = ['node', 'src'];
const SETTINGS = ['tsconfig.json', NODE_PROJECT, 'package-lock.json'];

/** What tsc is told, beside `-p NODE_PROJECT`, for the check to also write the declarations into `outDir`. */
export const declareInto = (/** @type {string} */ outDir) => [
  '--noEmit',
  'false',
  '--declaration',
  '--emitDeclarationOnly',
  '--rootDir',
  '.',
  '--outDir',
  outDir,
];

/** A digest of everything the declarations depend on in the project, as it is now. */
export function inputsDigest() {
  const hash = createHash('sha256');
  const files = SOURCE_FOLDERS.flatMap((folder) =>
    readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.(ts|mts|json)$/.test(file))
      .map((file) => join(folder, file)),
  );
  for (const file of [...files.sort(), ...SETTINGS]) hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Records that the cache holds the declarations of the inputs whose digest is `digest`. */
export const markDeclared = (/** @type {string} */ digest) => writeFileSync(join(DECLARATIONS_CACHE, DIGEST_FILE), digest);

/** Whether the cache holds the declarations of the project as it is now. */
export function declaredNow() {
  const file = join(DECLARATIONS_CACHE, DIGEST_FILE);
  return existsSync(file) && readFileSync(file, 'utf8') === inputsDigest();
}
