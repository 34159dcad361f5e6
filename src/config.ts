// The Worker's settings, from wrangler.toml [vars], read once per env object rather than on
// every request. A value that is not a whole number in range falls back to its default.
import type { Env } from './env';

export interface Config {
  delayCapMs: number; // MOCK_DELAY_CAP_MS: the most x-mock-delay may ask for
  cacheTtlMs: number; // JOB_CACHE_TTL_MS: how long an isolate reuses what it read from KV
  cacheMaxEntries: number; // JOB_CACHE_MAX_ENTRIES: how many jobs an isolate keeps
  kvCacheTtlS: number; // KV_CACHE_TTL_S: KV's own edge cache (Cloudflare's minimum is 30)
}

const SETTINGS: Record<keyof Config, [name: keyof Env, fallback: number, min: number, max: number]> = {
  delayCapMs: ['MOCK_DELAY_CAP_MS', 10_000, 0, 60_000],
  cacheTtlMs: ['JOB_CACHE_TTL_MS', 1_000, 0, 3_600_000],
  cacheMaxEntries: ['JOB_CACHE_MAX_ENTRIES', 1_000, 0, 100_000],
  kvCacheTtlS: ['KV_CACHE_TTL_S', 60, 30, 86_400],
};

const seen = new WeakMap<Env, Config>();

export function config(env: Env): Config {
  let found = seen.get(env);
  if (!found) {
    found = Object.fromEntries(
      Object.entries(SETTINGS).map(([key, [name, fallback, min, max]]) => {
        const value = Number(env[name] ?? Number.NaN);
        return [key, Number.isInteger(value) && value >= min && value <= max ? value : fallback];
      }),
    ) as unknown as Config;
    seen.set(env, found);
  }
  return found;
}
