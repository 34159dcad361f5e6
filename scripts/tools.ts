// The project's own command-line tools, run with this Node.js directly: through npx, each call
// costs about half a second more, and the tests and `npm start` make dozens of them.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `wrangler …`: the command and the arguments before yours. */
export const WRANGLER: [string, ...string[]] = [process.execPath, require.resolve('wrangler/bin/wrangler.js')];

/** A TypeScript script of this project, run as `tsx` would. */
export const TSX: [string, ...string[]] = [process.execPath, '--import', 'tsx'];

/** `npm …`: the npm that runs this process (npm sets npm_execpath for its scripts), else the one on PATH. */
export const NPM: [string, ...string[]] = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
