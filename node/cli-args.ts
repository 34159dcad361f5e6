// The CLI's arguments, as a table: each flag, what it takes and how it sets the options. Pure,
// so every bad input is named before anything starts.
import { MAX_ISOLATES } from '../src/limits';
import type { SandboxOptions } from './sandbox';

export const COMMAND = 'pinpoint-export-job-sandbox';
export const DEFAULT_PORT = 8787; // wrangler dev's, so a client configured for `npm start` works unchanged

export interface CliOptions extends SandboxOptions {
  port: number;
  /** Absent: the package's sample jobs; [] (--no-fixtures): none. */
  fixtures?: string[];
}

interface Flag {
  takes?: string; // what follows it, for the usage line; none for a switch
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

const FIXTURES_TWICE = '--fixtures and --no-fixtures do not go together';

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
    help: 'fixture files, or folders of them, to seed instead of the sample jobs; all are checked first, and any problem starts nothing (default: the sample jobs the package ships, listed at /)',
    many: true,
    set: (o, v) => {
      if (o.fixtures?.length === 0) return FIXTURES_TWICE;
      o.fixtures = [...(o.fixtures ?? []), v];
      return undefined;
    },
  },
  '--no-fixtures': {
    help: 'seed no jobs at all',
    set: (o) => {
      if (o.fixtures) return FIXTURES_TWICE;
      o.fixtures = [];
      return undefined;
    },
  },
  '--persist': {
    takes: 'DIR',
    help: 'keep seeded jobs and tenants’ state in DIR across runs (default: a temporary folder, removed on exit)',
    set: text('persist'),
  },
  '--isolates': {
    takes: 'N',
    help: `copies of the Worker, each its own isolate, taking requests in turn as on the hosted URL (1 to ${MAX_ISOLATES}, default 1)`,
    set: (o, v) => {
      o.isolates = /^\d{1,2}$/.test(v) ? Number(v) : Number.NaN;
      return o.isolates >= 1 && o.isolates <= MAX_ISOLATES
        ? undefined
        : `--isolates takes a whole number from 1 to ${MAX_ISOLATES}, not "${v}"`;
    },
  },
};

/** Flags that answer at once, whatever else is given. */
const INFO = { '--help': 'help', '-h': 'help', '--version': 'version', '-v': 'version' } as const;

const usageOf = (name: string, f: Flag) => (f.takes ? `${name} ${f.takes}` : name);

export const USAGE = [
  `usage: ${COMMAND} [${Object.entries(FLAGS)
    .map(([name, f]) => usageOf(name, f))
    .join('] [')}]`,
  ...Object.entries(FLAGS).map(([name, f]) => `  ${usageOf(name, f).padEnd(26)}${f.help}`),
  `  ${'--version'.padEnd(26)}the package's version`,
  `  ${'--help'.padEnd(26)}this text`,
].join('\n');

export type Parsed = { options: CliOptions } | { problem: string } | { help: true } | { version: true };

export function parseCliArgs(argv: readonly string[]): Parsed {
  const info = argv.map((arg) => INFO[arg as keyof typeof INFO]).find(Boolean);
  if (info === 'help') return { help: true };
  if (info === 'version') return { version: true };
  const options: CliOptions = { port: DEFAULT_PORT };
  let flag: [string, Flag] | undefined; // the flag whose values are being read
  let taken = 0; // values it has taken
  const missing = () => (flag?.[1].takes && taken === 0 ? `${flag[0]} needs a value (${flag[1].takes})` : undefined);
  for (const arg of argv) {
    if (arg.startsWith('-')) {
      const needed = missing();
      if (needed) return { problem: needed };
      const [name = '', inline] = arg.split(/=(.*)/s, 2);
      const found = FLAGS[name];
      if (!found) return { problem: `unknown option ${name}` };
      flag = [name, found];
      taken = 0;
      if (!found.takes) {
        if (inline !== undefined) return { problem: `${name} takes no value` };
        const problem = found.set(options, '');
        if (problem) return { problem };
        continue;
      }
      if (inline === undefined) continue;
      const problem = found.set(options, inline);
      if (problem) return { problem };
      taken = 1;
    } else {
      if (!flag?.[1].takes || (taken > 0 && !flag[1].many)) return { problem: `unexpected argument "${arg}"` };
      const problem = flag[1].set(options, arg);
      if (problem) return { problem };
      taken++;
    }
  }
  const needed = missing();
  return needed ? { problem: needed } : { options };
}
