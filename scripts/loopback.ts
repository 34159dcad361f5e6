// Servers this process starts on loopback: a free port to put them on, and waiting until one
// answers, gives up (its process exits), or runs out of time.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

// Often enough that a start of under a second is timed to within a few hundredths (the bench's start ratios).
const POLL_MS = 20;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until `ready` accepts an answer; throws if `child` exits first or time runs out. */
export async function waitUntilServing(
  url: string,
  child: ChildProcess,
  name: string,
  timeoutMs: number,
  ready: (response: Response) => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      if (ready(await fetch(url))) return;
    } catch {} // not listening yet
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`${name} did not serve ${url} within ${timeoutMs / 1000} s`);
}
