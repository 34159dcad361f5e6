// Where the node project's run folder goes: a RAM-backed file system where the machine has one
// with room (Linux's /dev/shm), else the system's temporary folder. Installing the packed
// package into the example app writes about 11,000 files; on a virtual machine's disk that took
// 15 s of system time (each file's creation near a millisecond), on tmpfs under 4. A TMPDIR the
// caller set is theirs, and kept.
import { readFileSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';

const RAM_ROOT = '/dev/shm';
const ROOM_NEEDED_BYTES = 2 * 1024 ** 3; // the installed app takes about 320 MB; room for several runs at once

/** The folder to make the run's folder in. */
export function runFolderParent(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TMPDIR || process.platform !== 'linux') return tmpdir();
  try {
    // /proc/mounts: "device mount-point type options dump pass"; the installed CLI and workerd
    // are run from there, so a noexec mount (Docker's default) will not do.
    const mount = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .find(([, point]) => point === RAM_ROOT);
    const usable = mount?.[2] === 'tmpfs' && !(mount[3] ?? '').split(',').includes('noexec');
    const { bavail, bsize } = statfsSync(RAM_ROOT);
    return usable && bavail * bsize >= ROOM_NEEDED_BYTES ? RAM_ROOT : tmpdir();
  } catch {
    return tmpdir(); // no /proc, or no such folder
  }
}
