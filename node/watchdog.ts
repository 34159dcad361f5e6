// Servers outlive a process killed outright (SIGKILL, a CI timeout): workerd under Miniflare,
// and wrangler dev in a group of its own, keep running, and a temporary state folder stays.
// The watchdog is a tiny separate process that outlives the one it watches: once that one is
// gone, it kills what it was given and removes the folders, then exits. It exits by itself, too,
// once everything it guards has ended.
import { spawn } from 'node:child_process';

const CHECK_EVERY_MS = 250;

// Run with `node -e`: argv is [watched pid, JSON of targets (a pid, or a process group as -pgid), JSON of folders].
const WATCHDOG = `
const { rmSync } = require('node:fs');
const [watched, targets, folders] = [Number(process.argv[1]), JSON.parse(process.argv[2]), JSON.parse(process.argv[3])];
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
setInterval(() => {
  if (alive(watched)) { if (!targets.some(alive)) process.exit(0); return; }
  for (const target of targets) try { process.kill(target, 'SIGKILL'); } catch {}
  for (const folder of folders) try { rmSync(folder, { recursive: true, force: true }); } catch {}
  process.exit(0);
}, ${CHECK_EVERY_MS});
`;

export interface Guard {
  /** Stops watching: the guarded processes are being stopped the ordinary way. */
  release(): void;
}

/** Kills `targets` (pids, or -pgid for a whole process group) and removes `folders` once this process is gone. */
export function guardAgainstOrphans(targets: number[], folders: string[] = []): Guard {
  if (targets.length === 0) return { release: () => {} };
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), JSON.stringify(targets), JSON.stringify(folders)], {
    detached: true, // its own group: not ended with the process it watches, nor by a signal to that one's group
    stdio: 'ignore',
  });
  watchdog.unref(); // never keeps this process alive
  watchdog.on('error', () => {}); // could not start: the guard is best effort
  return {
    release: () => {
      if (watchdog.exitCode === null) watchdog.kill('SIGKILL');
    },
  };
}
