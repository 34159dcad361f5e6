// npm run smoke's own failures: a sandbox that does not answer fails every check, each named in
// the table, and exits 1; a wrong argument prints the usage and exits 2. (Its passing runs are
// package-cli.spec's, against the installed CLI, and wrangler-dev.spec's, against npm start.)
import { expect, it } from 'vitest';
import { freePort } from '../../scripts/loopback';
import { TSX } from '../../scripts/tools';
import { runProcess } from '../support/run-process';

const smoke = (...args: string[]) => runProcess(TSX[0], [...TSX.slice(1), 'scripts/smoke.ts', ...args], { timeoutMs: 60_000 });

it('fails every check against a URL where nothing answers, names each FAILED, and exits 1', async () => {
  const result = await smoke(`http://127.0.0.1:${await freePort()}`);
  expect(result.status, result.stderr).toBe(1);
  expect(result.stdout.match(/\| FAILED \|/g)).toHaveLength(10);
  expect(result.stdout).toMatch(/10 of 10 checks FAILED/);
});

it.each([[[]], [['localhost:8787']]])('refuses %j with its usage, exit code 2', async (args) => {
  const result = await smoke(...args);
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/^usage: npm run smoke -- <sandbox URL>/);
});
