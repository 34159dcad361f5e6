// A test runner that starts servers as suites do, for orphans.spec.ts to kill outright: the
// package's startSandbox and its CLI (installed, paths in argv) and wrangler dev. Prints one
// JSON line, what it started, once everything answers, then waits to be killed.
import { spawn } from 'node:child_process';
import { workerdProcesses } from '../../node/processes';
import { startWranglerDev } from '../../scripts/wrangler-dev';

const [packageIndex, bin] = process.argv.slice(2) as [string, string];
const { startSandbox } = (await import(packageIndex)) as typeof import('../../node/index');
const sandbox = await startSandbox({ fixtures: [] });
const cli = spawn(bin, ['--port', '0', '--no-fixtures'], { stdio: ['ignore', 'pipe', 'inherit'] });
const cliUrl = await new Promise<string>((resolve) => {
  let output = '';
  cli.stdout?.on('data', (chunk) => {
    output += chunk;
    const url = /ready on (http:\/\/\S+)/.exec(output)?.[1];
    if (url) resolve(url);
  });
});
const wrangler = await startWranglerDev([]);
const started = {
  urls: [sandbox.url, cliUrl, wrangler.url],
  pids: [...workerdProcesses('ppid', process.pid), cli.pid as number, ...workerdProcesses('ppid', cli.pid as number)],
  groups: [wrangler.pid],
};
console.log(JSON.stringify(started));
setInterval(() => {}, 60_000);
