// The Worker's settings, from wrangler.toml [vars] and secrets, as one table: the owner of each
// setting's default (the figures themselves are limits.ts's); wrangler.toml's [vars] state the
// same defaults, which test/node/config.spec.ts checks. A number that is not whole or not in
// range, or a switch that is not "on"/"off", falls back to its default. Read once per env
// object, by runtime.ts.
import type { Env } from './env';
import {
  DEFAULT_DELAY_CAP_MS,
  DEFAULT_JOB_CACHE_MAX_ENTRIES,
  DEFAULT_JOB_CACHE_TTL_MS,
  DEFAULT_JOURNAL_MAX_ENTRIES,
  DEFAULT_KV_CACHE_TTL_S,
  DEFAULT_RATE_LIMIT_PERIOD_S,
  DEFAULT_TENANT_MAX_JOBS,
  DEFAULT_TENANT_TTL_S,
  MAX_DELAY_CAP_MS,
  MAX_JOB_CACHE_MAX_ENTRIES,
  MAX_JOB_CACHE_TTL_MS,
  MAX_JOURNAL_MAX_ENTRIES,
  MAX_KV_CACHE_TTL_S,
  MAX_RATE_LIMIT_PERIOD_S,
  MAX_TENANT_MAX_JOBS,
  MAX_TENANT_TTL_S,
  MIN_KV_CACHE_TTL_S,
  MIN_RATE_LIMIT_PERIOD_S,
} from './limits';

export interface Config {
  delayCapMs: number; // MOCK_DELAY_CAP_MS: the most x-mock-delay may ask for
  cacheTtlMs: number; // JOB_CACHE_TTL_MS: how long an isolate reuses what it read from KV
  cacheMaxEntries: number; // JOB_CACHE_MAX_ENTRIES: how many jobs an isolate keeps
  kvCacheTtlS: number; // KV_CACHE_TTL_S: KV's own edge cache (Cloudflare's minimum is 30)
  rateLimitPeriodS: number; // RATE_LIMIT_PERIOD_S: the [[ratelimits]] period, sent as Retry-After
  tenantMaxJobs: number; // TENANT_MAX_JOBS: created jobs a tenant may hold
  tenantTtlS: number; // TENANT_TTL_S: how long a tenant's state outlives its last request
  journalMaxEntries: number; // JOURNAL_MAX_ENTRIES: request journal entries a tenant keeps
  journal: boolean; // JOURNAL: "off" to record no requests (load tests)
  rateLimit: boolean; // RATE_LIMIT: "on" to enforce the RATE_LIMITER binding
  sigv4: boolean; // SIGV4_VERIFY: "on" to require valid SigV4 signatures
  credentials: ReadonlyMap<string, string>; // SIGV4_CREDENTIALS: "AKID=secret,AKID2=secret2"
}

const NUMBERS = {
  delayCapMs: ['MOCK_DELAY_CAP_MS', DEFAULT_DELAY_CAP_MS, 0, MAX_DELAY_CAP_MS],
  cacheTtlMs: ['JOB_CACHE_TTL_MS', DEFAULT_JOB_CACHE_TTL_MS, 0, MAX_JOB_CACHE_TTL_MS],
  cacheMaxEntries: ['JOB_CACHE_MAX_ENTRIES', DEFAULT_JOB_CACHE_MAX_ENTRIES, 0, MAX_JOB_CACHE_MAX_ENTRIES],
  kvCacheTtlS: ['KV_CACHE_TTL_S', DEFAULT_KV_CACHE_TTL_S, MIN_KV_CACHE_TTL_S, MAX_KV_CACHE_TTL_S],
  rateLimitPeriodS: ['RATE_LIMIT_PERIOD_S', DEFAULT_RATE_LIMIT_PERIOD_S, MIN_RATE_LIMIT_PERIOD_S, MAX_RATE_LIMIT_PERIOD_S],
  tenantMaxJobs: ['TENANT_MAX_JOBS', DEFAULT_TENANT_MAX_JOBS, 1, MAX_TENANT_MAX_JOBS],
  tenantTtlS: ['TENANT_TTL_S', DEFAULT_TENANT_TTL_S, 1, MAX_TENANT_TTL_S],
  journalMaxEntries: ['JOURNAL_MAX_ENTRIES', DEFAULT_JOURNAL_MAX_ENTRIES, 1, MAX_JOURNAL_MAX_ENTRIES],
} as const satisfies Record<string, [keyof Env, number, number, number]>;

// A switch is on when its variable says "on", and takes its default when it says neither.
const SWITCHES = {
  rateLimit: ['RATE_LIMIT', false],
  sigv4: ['SIGV4_VERIFY', false],
  journal: ['JOURNAL', true],
} as const satisfies Record<string, [keyof Env, boolean]>;

/** Each variable of the table at its default, as wrangler.toml's [vars] state it. */
export function defaultVars(): Record<string, string> {
  return Object.fromEntries([
    ...Object.values(NUMBERS).map(([name, fallback]) => [name, String(fallback)]),
    ...Object.values(SWITCHES).map(([name, fallback]) => [name, fallback ? 'on' : 'off']),
  ]);
}

export function readConfig(env: Env): Config {
  const settings: Record<string, unknown> = {};
  for (const [key, [name, fallback, min, max]] of Object.entries(NUMBERS)) {
    const value = Number(env[name] ?? Number.NaN);
    settings[key] = Number.isInteger(value) && value >= min && value <= max ? value : fallback;
  }
  for (const [key, [name, fallback]] of Object.entries(SWITCHES)) {
    const value = String(env[name] ?? '').toLowerCase();
    settings[key] = value === 'on' || (value !== 'off' && fallback);
  }
  settings.credentials = parseCredentials(String(env.SIGV4_CREDENTIALS ?? ''));
  return settings as unknown as Config;
}

/** "AKID=secret,AKID2=secret2": neither part of an AWS key pair can hold "=" or ",". */
function parseCredentials(text: string): Map<string, string> {
  const pairs = text.split(',').map((pair) => pair.trim().split('='));
  return new Map(
    pairs
      .filter((p): p is [string, string] => p.length === 2 && p[0] !== '' && p[1] !== '')
      .map(([id, secret]) => [id.trim(), secret.trim()]),
  );
}
