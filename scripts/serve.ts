// npm run serve -- [the CLI's flags]: the package's CLI on this checkout, built first, seeded
// from fixtures/ (its sample jobs) unless --fixtures or --no-fixtures says otherwise: the fast
// local mode, on the engine client apps install. Fixture changes need a restart; `npm start`
// (wrangler dev) is the mode for working on the sandbox itself.
import { spawn } from 'node:child_process';
import { buildPackage } from './build';

const argv = process.argv.slice(2);
await buildPackage({ types: false });
const cli = spawn(process.execPath, ['dist/cli.js', ...argv], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => cli.kill(signal));
cli.on('exit', (code) => {
  process.exitCode = code ?? 1;
});
