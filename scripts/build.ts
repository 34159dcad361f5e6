// npm run build: what the package ships, in dist/ (npm pack runs it first).
// - dist/worker/index.js: the Worker as `wrangler deploy` would upload it, config.json, what
//   the engine needs of wrangler.toml, so that the installed package needs no wrangler, and the
//   engine's own Workers (node/workers/: gate.js, control.js and assets.js);
// - dist/index.js, cli.js, aws-sdk.js: the Node side (node/), bundled, Miniflare left out;
// - dist/types/: their declarations.
import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { unstable_readConfig } from 'wrangler';
import { ENGINE_WORKERS, WORKER_BUNDLE, type WorkerConfig } from '../node/engine';
import { WRANGLER } from './tools';

const resolve = createRequire(import.meta.url).resolve;
const DIST = 'dist';
const ENTRIES = ['node/index.ts', 'node/cli.ts', 'node/aws-sdk.ts'];

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
      external: ['miniflare'],
      banner: { js: '#!/usr/bin/env node' }, // for cli.js, the bin; harmless in the others
      logLevel: 'warning',
    }),
  ]);
  if (types) await buildDeclarations();
}

/** dist/types: the declarations of the package's entries, as a client app on NodeNext reads them. */
export async function buildDeclarations(): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, [resolve('typescript/bin/tsc'), '-p', 'tsconfig.package.json']);
  } catch (error) {
    throw new Error(`the declarations did not build:\n${(error as { stdout?: string }).stdout ?? (error as Error).message}`);
  }
  for (const file of readdirSync(join(DIST, 'types'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts'))) {
    const path = join(DIST, 'types', file);
    writeFileSync(path, withJsExtensions(readFileSync(path, 'utf8')));
  }
}

// The sources import without extensions (Bundler resolution); a client app on NodeNext
// resolution needs them in declarations: './x' becomes './x.js', which finds './x.d.ts'.
const withJsExtensions = (declarations: string) =>
  declarations.replace(/((?:from|import\()\s*['"])(\.{1,2}\/[^'"]+?)(?<!\.js)(['"])/g, '$1$2.js$3');

/** The Worker's bundle, built afresh with the rest of dist/ but the declarations. */
export async function builtWorker(): Promise<string> {
  await buildPackage({ types: false });
  return readFileSync(join(DIST, 'worker', 'index.js'), 'utf8');
}

if (import.meta.url === `file://${process.argv[1]}`) await buildPackage({ types: true });
