// @ts-check
// npm run typecheck: the Worker's project (Workers types only) and the Node side's, checked at
// once, each by its own tsc: apart, so that Worker code cannot lean on Node's globals; at once,
// because each tsc keeps about one core busy, and checked one after the other they took 11 s
// of `npm test`. The Node side's check also writes the package's declarations into their cache
// (declarations.mjs), which the build then copies instead of checking it all again. Each one's
// output is printed whole, after it ends; the exit code is the worst.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { DECLARATIONS_CACHE, declareInto, inputsDigest, markDeclared, NODE_PROJECT, TSC } from './declarations.mjs';

const PRETTY = process.stdout.isTTY ? ['--pretty'] : []; // colours on a terminal, as tsc there would have them; plain in a log

/** @param {string} project @param {string[]} args what else tsc is told @returns {Promise<number>} */
function check(project, args) {
  return new Promise((resolve) => {
    const tsc = spawn(process.execPath, [TSC, ...PRETTY, '-p', project, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    tsc.stdout.on('data', (chunk) => (output += chunk));
    tsc.stderr.on('data', (chunk) => (output += chunk));
    tsc.on('close', (code) => {
      if (output) process.stdout.write(`tsc -p ${project}:\n${output}`);
      resolve(code ?? 1);
    });
  });
}

const digest = inputsDigest(); // of the sources as this check reads them: an edit meanwhile makes the cache stale
rmSync(DECLARATIONS_CACHE, { recursive: true, force: true }); // nothing of an earlier check's is taken for this one's
const declaring = check(NODE_PROJECT, declareInto(DECLARATIONS_CACHE)).then((code) => {
  if (code === 0) markDeclared(digest);
  return code;
});
const codes = await Promise.all([check('tsconfig.json', ['--noEmit']), declaring]);
process.exit(Math.max(...codes));
