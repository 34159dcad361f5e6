// @ts-check
// npm run typecheck: the Worker's project (Workers types only) and the Node side's, checked at
// once, each by its own tsc: apart, so that Worker code cannot lean on Node's globals; at once,
// because each tsc keeps about one core busy, and checked one after the other they took 11 s
// of `npm test`. Each one's output is printed whole, after it ends; the exit code is the worst.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const PROJECTS = ['tsconfig.json', 'tsconfig.node.json'];
const PRETTY = process.stdout.isTTY ? ['--pretty'] : []; // colours on a terminal, as tsc there would have them; plain in a log

/** @param {string} project @returns {Promise<number>} */
function check(project) {
  return new Promise((resolve) => {
    const tsc = spawn(process.execPath, [TSC, '--noEmit', ...PRETTY, '-p', project], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    tsc.stdout.on('data', (chunk) => (output += chunk));
    tsc.stderr.on('data', (chunk) => (output += chunk));
    tsc.on('close', (code) => {
      if (output) process.stdout.write(`tsc -p ${project}:\n${output}`);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all(PROJECTS.map(check));
process.exit(Math.max(...codes));
