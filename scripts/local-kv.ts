// The local KV namespace that `wrangler dev` serves, opened with Miniflare, the library wrangler
// itself opens it with (`wrangler kv … --local`), without starting wrangler: the same folder
// (<persist>/v3) and the same namespace id. Starting wrangler cost `npm start` about 3 s of
// its seeding; Miniflare starts in a fraction of that.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadMiniflare } from '../node/miniflare';

/** Where `wrangler dev` keeps local state when no --persist-to is given. */
export const DEFAULT_PERSIST_TO = '.wrangler/state';
const BINDING = 'JOBS';

/** The namespace id wrangler uses locally for `binding`: the binding's `id` (or its only
 *  `preview_id`) once wrangler.toml has one (the first deploy writes it back), else the binding's name. */
export function localNamespaceId(toml: string, binding = BINDING): string {
  const tables = toml.split(/^(?=\s*\[)/m).filter((t) => /^\s*\[\[kv_namespaces\]\]/.test(t));
  const value = (table: string, key: string) => new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, 'm').exec(table)?.[1];
  const table = tables.find((t) => value(t, 'binding') === binding);
  if (!table) throw new Error(`wrangler.toml has no [[kv_namespaces]] with binding "${binding}"`);
  const [id, previewId] = [value(table, 'id'), value(table, 'preview_id')];
  return (id && previewId ? undefined : (id ?? previewId)) ?? binding;
}

/** The folder under `persistTo` that holds local KV, as wrangler dev lays it out. */
export const localKvDir = (persistTo: string) => join(resolve(persistTo), 'v3', 'kv');

/** The id of the local JOBS namespace, from this checkout's wrangler.toml. */
export const localJobsNamespace = () => localNamespaceId(readFileSync('wrangler.toml', 'utf8'));

/** Runs `work` on the local JOBS namespace kept under `persistTo`, then closes it. */
export async function withLocalKv<T>(persistTo: string, work: (kv: KVNamespace) => Promise<T>): Promise<T> {
  const { Log, LogLevel, Miniflare } = loadMiniflare();
  const miniflare = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response(null, { status: 404 }) };',
    defaultPersistRoot: join(resolve(persistTo), 'v3'),
    kvNamespaces: { [BINDING]: localJobsNamespace() },
    cf: false, // no request to Cloudflare for a .cf object: seeding runs offline
    log: new Log(LogLevel.WARN),
  });
  try {
    return await work((await miniflare.getKVNamespace(BINDING)) as unknown as KVNamespace);
  } finally {
    await miniflare.dispose();
  }
}
