// The CLI's arguments, as a table: each flag, what it takes and how it sets the options. Pure,
// so every bad input is named before anything starts.
import type { SandboxOptions } from './sandbox';

export const COMMAND = 'pinpoint-export-job-sandbox';
export const DEFAULT_PORT = 8787; // wrangler dev's, so a client configured for `npm start` works unchanged

export interface CliOptions extends SandboxOptions {
  port: number;
  fixtures: string[];
}

interface Flag {
  takes: string; // what follows it, for the usage line
  help: string;
  set: (options: CliOptions, value: string) => string | undefined; // a problem, or nothing
  many?: boolean; // takes every argument up to the next flag
}

/** A flag whose value is kept as given. */
const text =
  (field: 'host' | 'persist'): Flag['set'] =>
  (o, v) => {
    o[field] = v;
    return undefined;
  };

const FLAGS: Record<string, Flag> = {
  '--port': {
    takes: 'N',
    help: `the port to listen on, 0 for any free one (default ${DEFAULT_PORT})`,
    set: (o, v) => {
      o.port = /^\d{1,5}$/.test(v) ? Number(v) : Number.NaN;
      return o.port <= 65_535 ? undefined : `--port takes a whole number from 0 to 65535, not "${v}"`;
    },
  },
  '--host': {
    takes: 'ADDRESS',
    help: 'the interface to listen on (default 127.0.0.1, this machine only)',
    set: text('host'),
  },
  '--fixtures': {
    takes: 'FILE|DIR ...',
    help: 'fixture files or folders of them to seed, checked as `npm run seed` checks them (default: none)',
    many: true,
    set: (o, v) => void o.fixtures.push(v),
  },
  '--persist': {
    takes: 'DIR',
    help: 'keep seeded jobs and tenants’ state in DIR across runs (default: a temporary folder, removed on exit)',
    set: text('persist'),
  },
};

export const USAGE = [
  `usage: ${COMMAND} [--port N] [--host ADDRESS] [--fixtures FILE|DIR ...] [--persist DIR]`,
  ...Object.entries(FLAGS).map(([name, f]) => `  ${`${name} ${f.takes}`.padEnd(26)}${f.help}`),
  `  ${'--help'.padEnd(26)}this text`,
].join('\n');

export type Parsed = { options: CliOptions } | { problem: string } | { help: true };

export function parseCliArgs(argv: readonly string[]): Parsed {
  const options: CliOptions = { port: DEFAULT_PORT, fixtures: [] };
  let flag: [string, Flag] | undefined; // the flag whose values are being read
  let taken = 0; // values it has taken
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg.startsWith('-')) {
      if (flag && taken === 0) return { problem: `${flag[0]} needs a value (${flag[1].takes})` };
      const [name = '', inline] = arg.split(/=(.*)/s, 2);
      const found = FLAGS[name];
      if (!found) return { problem: `unknown option ${name}` };
      flag = [name, found];
      taken = 0;
      if (inline === undefined) continue;
      const problem = found.set(options, inline);
      if (problem) return { problem };
      taken = 1;
    } else {
      if (!flag || (taken > 0 && !flag[1].many)) return { problem: `unexpected argument "${arg}"` };
      const problem = flag[1].set(options, arg);
      if (problem) return { problem };
      taken++;
    }
  }
  if (flag && taken === 0) return { problem: `${flag[0]} needs a value (${flag[1].takes})` };
  return { options };
}
