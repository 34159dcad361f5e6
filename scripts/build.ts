// npm run build: what the package ships, in dist/ (npm pack runs it first).
// - dist/worker/index.js: the Worker as `wrangler deploy` would upload it, config.json, what
//   the engine needs of wrangler.toml, so that the installed package needs no wrangler, and the
//   engine's own Workers (node/workers/: gate.js, control.js and assets.js);
// - dist/index.js, cli.js, aws-sdk.js: the Node side (node/), bundled, Miniflare left out;
// - dist/types/: their declarations.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { unstable_readConfig } from 'wrangler';
import { ENGINE_WORKERS, WORKER_BUNDLE, type WorkerConfig } from '../node/engine';
import { DECLARATIONS_CACHE, declaredNow, declareInto, NODE_PROJECT, TSC } from './declarations.mjs';
import { WRANGLER } from './tools';

const DIST = 'dist';
const ENTRIES = ['node/index.ts', 'node/cli.ts', 'node/aws-sdk.ts', 'node/smoke.ts'];
const TSC_OUTPUT_KEPT = 64 * 1024 * 1024; // tsc's report, read whole: it explains a failure

export async function buildWorker(outdir = join(DIST, 'worker')): Promise<void> {
  await bundleAsWranglerDeploys(outdir);
  const c = unstable_readConfig({ config: 'wrangler.toml' });
  const config: WorkerConfig = {
    name: c.name as string,
    compatibility_date: c.compatibility_date as string,
    compatibility_flags: c.compatibility_flags ?? [],
    vars: Object.fromEntries(Object.entries(c.vars).map(([k, v]) => [k, String(v)])),
    kv_namespaces: c.kv_namespaces.map((kv: { binding: string }) => ({ binding: kv.binding })),
    durable_objects: c.durable_objects.bindings.map((d: { name: string; class_name: string }) => ({
      name: d.name,
      class_name: d.class_name,
    })),
    ratelimits: c.ratelimits.map((r: { name: string; simple: { limit: number; period: number } }) => ({
      name: r.name,
      simple: { limit: r.simple.limit, period: r.simple.period },
    })),
    assets_binding: c.assets?.binding as string,
  };
  if (!config.assets_binding) throw new Error('wrangler.toml declares no [assets] binding, which the engine serves public/ as');
  writeFileSync(join(outdir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  await build({
    entryPoints: { ...ENGINE_WORKERS }, // named as engineOptions loads them
    outdir,
    plugins: [workerBundleLeftAsImport],
    external: ['cloudflare:*'], // the runtime's own modules
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    logLevel: 'warning',
  });
  rmSync(join(outdir, 'README.md'), { force: true }); // wrangler's note about the folder
}

/** `wrangler deploy --dry-run` into `outdir`: its errors printed, its exit code an error. Not
 *  a synchronous spawn: the test runs build in their main process, which meanwhile serves others. */
function bundleAsWranglerDeploys(outdir: string): Promise<void> {
  const [node, ...wrangler] = WRANGLER;
  const args = [...wrangler, 'deploy', '--dry-run', '--outdir', outdir];
  return new Promise((done, fail) => {
    const child = spawn(node, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`wrangler deploy --dry-run exited with ${code}`))));
  });
}

/** The gate's import of the Worker: an import of the bundle beside it, which wrangler made. */
const workerBundleLeftAsImport: Plugin = {
  name: 'worker-bundle',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^${WORKER_BUNDLE.specifier}$`) }, () => ({ path: WORKER_BUNDLE.file, external: true }));
  },
};

/** Everything in dist/; without `types`, all but the declarations (for `npm run serve` and the bench). */
export async function buildPackage({ types }: { types: boolean }): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  await Promise.all([
    buildWorker(), // wrangler's process bundles the Worker while esbuild does the Node side
    build({
      entryPoints: ENTRIES,
      outdir: DIST,
      bundle: true,
      splitting: true, // the entries share the fixture checks and the harness parser
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external: ['miniflare', '@aws-sdk/*'], // the smoke test uses the client app's own AWS SDK
      banner: { js: '#!/usr/bin/env node' }, // for cli.js, the bin; harmless in the others
      logLevel: 'warning',
    }),
  ]);
  if (types) await buildDeclarations();
}

/** dist/types: the declarations of the package's entries, as a client app on NodeNext reads them:
 *  those the last `npm run typecheck` wrote, if the sources are still as it read them, else made
 *  now by the same check (declarations.mjs). Only what the entries' declarations import is copied. */
export async function buildDeclarations(): Promise<void> {
  let from = DECLARATIONS_CACHE;
  if (!declaredNow()) {
    from = mkdtempSync(join(tmpdir(), 'declarations-'));
    try {
      await promisify(execFile)(process.execPath, [TSC, '-p', NODE_PROJECT, ...declareInto(from)], { maxBuffer: TSC_OUTPUT_KEPT });
    } catch (error) {
      rmSync(from, { recursive: true, force: true });
      throw new Error(`the declarations did not build:\n${(error as { stdout?: string }).stdout ?? (error as Error).message}`);
    }
  }
  try {
    for (const file of declarationClosure(from, declaredEntries())) {
      mkdirSync(dirname(join(DIST, 'types', file)), { recursive: true });
      writeFileSync(join(DIST, 'types', file), withJsExtensions(readFileSync(join(from, file), 'utf8')));
    }
  } finally {
    if (from !== DECLARATIONS_CACHE) rmSync(from, { recursive: true, force: true });
  }
}

/** The declarations package.json's exports name, as paths under dist/types. */
function declaredEntries(): string[] {
  const { exports } = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, { types?: string }> };
  return Object.values(exports).flatMap((e) => (e.types ? [relative(join(DIST, 'types'), e.types)] : []));
}

/** The declaration files under `root` that `entries` import, themselves included, and so on. */
export function declarationClosure(root: string, entries: string[]): string[] {
  const found = new Set<string>();
  const visit = (file: string) => {
    if (found.has(file)) return;
    found.add(file);
    for (const [, specifier] of readFileSync(join(root, file), 'utf8').matchAll(RELATIVE_IMPORT)) {
      const target = join(dirname(file), specifier as string).replace(/\.js$/, '');
      visit(existsSync(join(root, `${target}.d.ts`)) ? `${target}.d.ts` : join(target, 'index.d.ts'));
    }
  };
  for (const entry of entries) visit(entry);
  return [...found].sort();
}

// The sources import without extensions (Bundler resolution); a client app on NodeNext
// resolution needs them in declarations: './x' becomes './x.js', which finds './x.d.ts'.
const RELATIVE_IMPORT = /(?:from|import\()\s*['"](\.{1,2}\/[^'"]+?)['"]/g;
const withJsExtensions = (declarations: string) =>
  declarations.replace(/((?:from|import\()\s*['"])(\.{1,2}\/[^'"]+?)(?<!\.js)(['"])/g, '$1$2.js$3');

/** The Worker's bundle, built afresh with the rest of dist/ but the declarations. */
export async function builtWorker(): Promise<string> {
  await buildPackage({ types: false });
  return readFileSync(join(DIST, 'worker', 'index.js'), 'utf8');
}

if (import.meta.url === `file://${process.argv[1]}`) await buildPackage({ types: true });
