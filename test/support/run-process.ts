// A command run to its end, its exit status and output read whole, without holding up the
// test's own process meanwhile. The Node-side files share long-lived processes (isolate: false),
// whose fetch keeps an idle connection to a sandbox for 4 s; a synchronous spawn stops the timer
// that drops it, the sandbox's runtime closes a connection idle for 5 s, and the first request
// after a longer spawnSync went out on the closed one ("other side closed").
import { spawn } from 'node:child_process';

export interface Run {
  status: number | null; // null: ended by a signal (the timeout's, or another)
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv; // the whole environment; this process's when absent
  timeoutMs?: number; // only a hang: SIGTERM once it has passed
}

export function runProcess(command: string, args: string[], { cwd, env, timeoutMs }: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: env ?? process.env, timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: string[] = [];
    const stderr: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    child.on('error', reject); // not started: no such command, or not executable
    child.on('close', (status) => resolve({ status, stdout: stdout.join(''), stderr: stderr.join('') }));
  });
}
