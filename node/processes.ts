// Which workerd processes hang under a parent or a process group, as /proc says: what the
// watchdog guards, and what the bench, the soak and the tests look for. Linux only; elsewhere, none.
import { readdirSync, readFileSync } from 'node:fs';

/** The workerd processes whose parent (ppid), or process group (pgrp), is `id`. */
export function workerdProcesses(relation: 'ppid' | 'pgrp', id: number): number[] {
  const field = { ppid: 1, pgrp: 2 }[relation]; // after the state, in /proc/<pid>/stat
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return []; // no /proc
  }
  return entries
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.includes('(workerd)') && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[field]) === id;
      } catch {
        return false; // it ended while we looked
      }
    })
    .map(Number);
}
