// @ts-check
// A server that another process started stops once that process is gone, even when it was
// killed outright (SIGKILL, a CI timeout) and even behind npm's layers (npx → npm exec → sh →
// node; npm start → sh → node), which outlive it or die without passing anything on. Two signs:
// - its standard input, when it is a pipe or a socket, ends: the starter held the other end
//   (pytest's plugin starts the CLI so), and only the kernel closes it when the starter dies;
//   a terminal or /dev/null is never taken as a sign;
// - its parent, or an npm layer's parent above it, is gone or has a new parent (Linux's /proc;
//   elsewhere only its own parent is watched).
// Plain JavaScript with Node's imports alone: npm start loads it without TypeScript.
import { fstatSync, readFileSync } from 'node:fs';

const CHECK_EVERY_MS = 250;
// How far up a chain of launchers is followed: npm exec's node, its sh, and the starter.
const MAX_LAYERS = 4;

/** @param {number} pid @returns {number | undefined} its parent's pid, from /proc */
function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** @param {number} pid @returns {boolean} whether it is one of npm's launchers, whose own parent is then watched too */
function isLauncher(pid) {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const program = argv[0]?.split('/').pop() ?? '';
    if (['sh', 'dash', 'bash'].includes(program)) return argv[1] === '-c'; // npm runs scripts and bins through `sh -c`
    return program === 'npm' || program === 'npx' || program.startsWith('npm ') || argv.some((a) => /npm-cli\.js$|npx-cli\.js$/.test(a));
  } catch {
    return false;
  }
}

/** @returns {Array<[pid: number, parent: number]>} this process and the npm layers above it, each with its parent now */
function watchedChain() {
  /** @type {Array<[number, number]>} */
  const chain = [[process.pid, process.ppid]];
  for (let pid = process.ppid; chain.length < MAX_LAYERS && pid > 1 && isLauncher(pid); ) {
    const parent = parentOf(pid);
    if (parent === undefined) break;
    chain.push([pid, parent]);
    pid = parent;
  }
  return chain;
}

/** @returns {boolean} */
function stdinIsPipe() {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

/**
 * Calls `stop` once, when the process that started this one is gone.
 * @param {(why: string) => void} stop
 * @returns {() => void} stops watching
 */
export function onStarterGone(stop) {
  let done = false;
  /** @param {string} why */
  const gone = (why) => {
    if (done) return;
    done = true;
    release();
    stop(why);
  };
  const chain = watchedChain();
  const timer = setInterval(() => {
    if (process.ppid !== chain[0]?.[1]) return gone('its parent process is gone');
    for (const [pid, parent] of chain.slice(1)) if (parentOf(pid) !== parent) return gone('the process that started it is gone');
  }, CHECK_EVERY_MS);
  timer.unref();
  const watchStdin = stdinIsPipe();
  const onEnd = () => gone('its standard input was closed');
  if (watchStdin) {
    process.stdin.on('end', onEnd).on('error', onEnd);
    process.stdin.resume(); // what the starter writes is read and dropped
    /** @type {{ unref?: () => void }} */ (/** @type {unknown} */ (process.stdin)).unref?.(); // a watched stdin keeps nothing alive
  }
  const release = () => {
    clearInterval(timer);
    if (watchStdin) process.stdin.off('end', onEnd).off('error', onEnd).pause();
  };
  return release;
}
