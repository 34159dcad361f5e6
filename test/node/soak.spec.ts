// `npm run soak` keeps working: a short run of the same script (a few thousand requests a phase,
// where the command's default is 100,000), every phase and every check of it, on the dist/ the
// test run built. Its figures say nothing at this length; that it runs through and passes does.
import { expect, it } from 'vitest';
import { TSX } from '../../scripts/tools';
import { runProcess } from '../support/run-process';

const SHORT_RUN = 800; // with the package phases' settling runs, about 5,000 requests in all

it(`npm run soak runs through all its phases and passes, ${SHORT_RUN.toLocaleString('en-US')} requests a phase`, async () => {
  const env = { ...process.env, SOAK_REQUESTS: String(SHORT_RUN), SOAK_BUILT: '1' };
  const result = await runProcess(TSX[0], [...TSX.slice(1), 'scripts/soak.ts'], { env, timeoutMs: 280_000 });
  const output = result.stdout + result.stderr;
  expect(result.status, output).toBe(0);
  for (const phase of ['npm start', 'wrangler dev (baseline)', '--isolates 4', '4 isolates (baseline)']) expect(output).toContain(phase);
  expect(output).toMatch(/soak: passed/);
});
