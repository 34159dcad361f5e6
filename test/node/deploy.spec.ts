// The Worker builds for deployment without a Cloudflare account or network: `npm run deploy --
// --dry-run`, as docs/deploy.md shows it, names every binding it would create and uploads nothing.
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { run } from './run';
import { tempDirs } from './temp-dirs';

const tempDir = tempDirs('bundle');

it('npm run deploy -- --dry-run succeeds offline, naming what it would create', async () => {
  const outdir = tempDir();
  const result = await run('npm', ['run', 'deploy', '--', '--dry-run', '--outdir', outdir]);
  expect(result.status, result.stderr).toBe(0);
  for (const binding of [
    /env\.TENANTS \(TenantState\)\s+Durable Object/,
    /env\.JOBS\s+KV Namespace/,
    /env\.RATE_LIMITER/,
    /env\.ASSETS\s+Assets/,
  ])
    expect(result.stdout).toMatch(binding);
  expect(result.stdout).toMatch(/--dry-run: exiting now/);
  expect(readdirSync(outdir)).toContain('index.js');
});
