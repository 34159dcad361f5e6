// Runs the project's own commands as a user would, and reads local KV back: through Miniflare,
// as the seeder writes it (local-kv.ts), or through wrangler, as `wrangler dev` reads it.
import { spawnSync } from 'node:child_process';
import { withLocalKv } from '../../scripts/local-kv';
import { TSX, WRANGLER } from '../../scripts/tools';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export const seed = (...args: string[]): Run => run(TSX[0], [...TSX.slice(1), 'scripts/seed.ts', ...args]);
export const wrangler = (...args: string[]): Run => run(WRANGLER[0], [...WRANGLER.slice(1), ...args]);

/** The keys and values in the local JOBS namespace kept in `persistTo`, keys sorted. */
export function localEntries(persistTo: string): Promise<[string, string][]> {
  return withLocalKv(persistTo, async (kv) => {
    const { keys } = await kv.list();
    const names = keys.map((k) => k.name).sort();
    return Promise.all(names.map(async (name): Promise<[string, string]> => [name, (await kv.get(name)) ?? '']));
  });
}
