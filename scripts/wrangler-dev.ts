// Starts the sandbox as a user does (`wrangler dev`, local KV seeded as `npm start` seeds it), on
// free loopback ports, in a fresh state folder; and stops it, with everything it started.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planSources } from '../node/fixtures';
import { guardAgainstOrphans } from '../node/watchdog';
import { freePort, waitUntilServing } from './loopback';
import { writeLocal } from './seed';
import { NPM, WRANGLER } from './tools';

export interface DevSandbox {
  url: string;
  pid: number; // of wrangler dev, which leads its own process group
  log: () => string;
  stop: () => Promise<void>;
}

/** `vars` override wrangler.toml's [vars] for this instance (wrangler dev --var NAME:VALUE). */
export async function startDevSandbox(vars: Record<string, string> = {}): Promise<DevSandbox> {
  const persist = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
  const { entries, problems } = planSources(['fixtures']);
  if (problems.length > 0) throw new Error(`the fixtures are invalid: ${problems.join('; ')}`);
  await writeLocal(entries, persist); // as `npm start` seeds, in this process
  return startWranglerDev(
    ['--persist-to', persist, ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`])],
    persist,
  );
}

const PORT_TRIES = 3; // a free port can be taken by another server between freePort() and wrangler's bind

/** wrangler dev on free loopback ports, with `extra` arguments (another -c config, say). */
export function startWranglerDev(extra: string[], persist?: string): Promise<DevSandbox> {
  const [node, ...wrangler] = WRANGLER;
  return startOnFreePortsRetrying('wrangler dev', (ports) => [node, ...wrangler, 'dev', ...ports, ...extra], { persist });
}

/** `npm start` itself, as a user runs it (seeding .wrangler/state, then wrangler dev), on free
 *  loopback ports: what the bench times, to the first answer on `readyPath`. */
export function startNpmStart(extra: string[] = [], prefix?: string, readyPath = '/'): Promise<DevSandbox> {
  const where = prefix ? ['--prefix', prefix] : []; // another project's npm start (the bench's constant Worker)
  return startOnFreePortsRetrying('npm start', (ports) => [...NPM, 'start', ...where, '--silent', '--', ...ports, ...extra], {
    readyPath,
  });
}

/** wrangler dev's flags for its port and inspector port. */
type Command = (ports: string[]) => [string, ...string[]];

interface StartOptions {
  persist?: string; // a state folder to remove once stopped
  readyPath?: string; // what must answer before it counts as started; '/' by default
}

async function startOnFreePortsRetrying(
  name: string,
  command: Command,
  { persist, readyPath = '/' }: StartOptions = {},
): Promise<DevSandbox> {
  for (let tries = 1; ; tries++) {
    try {
      const sandbox = await startOnFreePorts(name, command, readyPath);
      const stop = async () => {
        await sandbox.stop();
        if (persist) rmSync(persist, { recursive: true, force: true });
      };
      return { ...sandbox, stop };
    } catch (error) {
      const raced = (error as Error).message.includes('Address already in use');
      if (!raced || tries >= PORT_TRIES) {
        if (persist) rmSync(persist, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

async function startOnFreePorts(name: string, command: Command, readyPath: string): Promise<DevSandbox> {
  const [port, inspector] = [await freePort(), await freePort()];
  const [program, ...args] = command(['--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector)]);
  const child = spawn(program, args, {
    detached: true, // its own process group, so stop() ends wrangler and workerd with it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const guard = guardAgainstOrphans([-(child.pid as number)]); // a killed runner takes wrangler dev and workerd with it
  const stop = () => endGroup(child).finally(() => guard.release());
  try {
    await waitUntilServing(`${url}${readyPath}`, child, name, 90_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { url, pid: child.pid as number, log: () => output, stop };
}

async function endGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return; // already ended
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {} // already gone
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
