// Runs the project's own commands as a user would, and reads local KV back: through Miniflare,
// as the seeder writes it (local-kv.ts), or through wrangler, as `wrangler dev` reads it.
import { withLocalKv } from '../../scripts/local-kv';
import { TSX, WRANGLER } from '../../scripts/tools';
import { type Run, runProcess } from '../support/run-process';

export const run = (command: string, args: string[], env: Record<string, string> = {}): Promise<Run> =>
  runProcess(command, args, { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...env } });

export const seed = (...args: string[]): Promise<Run> => run(TSX[0], [...TSX.slice(1), 'scripts/seed.ts', ...args]);
export const wrangler = (...args: string[]): Promise<Run> => run(WRANGLER[0], [...WRANGLER.slice(1), ...args]);

/** The keys and values in the local JOBS namespace kept in `persistTo`, keys sorted. */
export function localEntries(persistTo: string): Promise<[string, string][]> {
  return withLocalKv(persistTo, async (kv) => {
    const { keys } = await kv.list();
    const names = keys.map((k) => k.name).sort();
    return Promise.all(names.map(async (name): Promise<[string, string]> => [name, (await kv.get(name)) ?? '']));
  });
}
