// A test runner that starts servers as suites do, for orphans.spec.ts to kill outright: the
// package's startSandbox, its CLI (installed, paths in argv) run directly and through `npx`
// (npm exec and its sh between them), and wrangler dev. Prints one
// JSON line, what it started, once everything answers, then waits to be killed.
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { workerdProcesses } from '../../node/processes';
import { NPM } from '../../scripts/tools';
import { startWranglerDev } from '../../scripts/wrangler-dev';

const [packageIndex, bin] = process.argv.slice(2) as [string, string];
const { startSandbox } = (await import(packageIndex)) as typeof import('../../node/index');
const sandbox = await startSandbox({ fixtures: [] });
const readyUrl = (child: ReturnType<typeof spawn>) =>
  new Promise<string>((resolve) => {
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const url = /ready on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
  });
const cli = spawn(bin, ['--port', '0', '--no-fixtures'], { stdio: ['ignore', 'pipe', 'inherit'] });
const cliUrl = await readyUrl(cli);
// As `npx pinpoint-export-job-sandbox` in the app: npm exec, its sh, then the CLI's node.
const [node, ...npm] = NPM;
const app = dirname(dirname(dirname(bin)));
const npx = spawn(node, [...npm, 'exec', '--offline', '--', 'pinpoint-export-job-sandbox', '--port', '0', '--no-fixtures'], {
  cwd: app,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const npxUrl = await readyUrl(npx);
const wrangler = await startWranglerDev([]);
const started = {
  urls: [sandbox.url, cliUrl, npxUrl, wrangler.url],
  pids: [...workerdProcesses('ppid', process.pid), cli.pid as number, ...workerdProcesses('ppid', cli.pid as number), npx.pid as number],
  groups: [wrangler.pid],
};
console.log(JSON.stringify(started));
setInterval(() => {}, 60_000);
