// Runs the project's own commands as a user would, and reads local KV back through wrangler.
import { spawnSync } from 'node:child_process';
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
const wrangler = (...args: string[]): Run => run(WRANGLER[0], [...WRANGLER.slice(1), ...args]);

/** The keys in the local JOBS namespace kept in `persistTo`. */
export function localKeys(persistTo: string): string[] {
  const listed = wrangler('kv', 'key', 'list', '--binding', 'JOBS', '--local', '--persist-to', persistTo);
  if (listed.status !== 0) throw new Error(listed.stderr);
  return (JSON.parse(listed.stdout) as { name: string }[]).map((key) => key.name).sort();
}

export function localValue(persistTo: string, key: string): string {
  return wrangler('kv', 'key', 'get', key, '--binding', 'JOBS', '--local', '--persist-to', persistTo).stdout;
}
