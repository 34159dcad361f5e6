// The Worker builds for deployment without a Cloudflare account or network.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { run } from './run';

it('wrangler deploy --dry-run succeeds', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'bundle-'));
  const result = run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir]);
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/--dry-run: exiting now/);
  expect(readdirSync(outdir)).toContain('index.js');
});
