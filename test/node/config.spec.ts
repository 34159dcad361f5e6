// wrangler.toml and the settings' owner agree: its [vars] state every setting at the default
// config.ts gives it, and its [[ratelimits]] and [limits] the figures of limits.ts, so that a setting changed
// in one place cannot silently differ between `wrangler dev`, the package and the docs.
import { describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';
import { defaultVars } from '../../src/config';
import { DEFAULT_RATE_LIMIT_PERIOD_S, DEPLOY_CPU_MS, RATE_LIMIT_REQUESTS } from '../../src/limits';

const wrangler = unstable_readConfig({ config: 'wrangler.toml' });

describe('wrangler.toml', () => {
  it('[vars] states every setting, each at its default in src/config.ts, and nothing else', () => {
    expect(Object.fromEntries(Object.entries(wrangler.vars).map(([name, value]) => [name, String(value)]))).toEqual(defaultVars());
  });

  it('[[ratelimits]] is RATE_LIMIT_REQUESTS per DEFAULT_RATE_LIMIT_PERIOD_S, for the one binding the gateway uses', () => {
    expect(wrangler.ratelimits.map((r: { name: string; simple: unknown }) => [r.name, r.simple])).toEqual([
      ['RATE_LIMITER', { limit: RATE_LIMIT_REQUESTS, period: DEFAULT_RATE_LIMIT_PERIOD_S }],
    ]);
  });

  it('[limits] cpu_ms is DEPLOY_CPU_MS, within what Workers Paid allows (5 minutes); [observability] is on', () => {
    expect(wrangler.limits?.cpu_ms).toBe(DEPLOY_CPU_MS);
    expect(DEPLOY_CPU_MS).toBeLessThanOrEqual(300_000);
    expect(wrangler.observability?.enabled).toBe(true);
  });
});
