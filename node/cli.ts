// npx pinpoint-export-job-sandbox: the sandbox for a client app's tests, on this machine.
// Checks its arguments and fixtures before starting anything, prints the URL once it answers,
// and stops cleanly on SIGINT, SIGTERM or SIGHUP, or once the process that started it is gone,
// npm's layers included (lifeline.mjs: its standard input, when a pipe, ends; or its parent
// chain changes) (exit code 0). Exit codes otherwise: 2 bad arguments, 1 could not start, or the Workers runtime
// stopped by itself.
import { COMMAND, parseCliArgs, USAGE } from './cli-args';
import { seededText } from './fixtures';
import { onStarterGone } from './lifeline.mjs';
import { packageVersion, SHIPPED_FIXTURES } from './package-files';
import { type Sandbox, startSandbox } from './sandbox';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

async function main(argv: string[]): Promise<number> {
  const parsed = parseCliArgs(argv);
  if ('help' in parsed) {
    console.log(USAGE);
    return 0;
  }
  if ('version' in parsed) {
    console.log(packageVersion());
    return 0;
  }
  if ('problem' in parsed) {
    console.error(`${COMMAND}: ${parsed.problem}\n${USAGE}`);
    return 2;
  }
  let finish: (why: 'signal' | 'orphaned' | 'crash') => void = () => {};
  const ended = new Promise<'signal' | 'orphaned' | 'crash'>((resolve) => {
    finish = resolve;
  });
  // From the first moment, not once started: a signal that arrives during the start (a test
  // that stops the CLI as soon as its port answers) is kept, and acted on once it is done.
  const onSignal = () => finish('signal');
  for (const signal of SIGNALS) process.on(signal, onSignal);
  // Started by a test runner that was then killed outright: nothing will stop this one, so it stops itself.
  onStarterGone(() => finish('orphaned'));
  console.log(`${COMMAND}: starting (Ctrl-C stops it)`);
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({ ...parsed.options, log: true, onCrash: () => finish('crash') });
  } catch (error) {
    console.error(`${COMMAND}: ${(error as Error).message}`);
    return 1;
  }
  // Miniflare adds listeners of its own while starting, which would end the process at once, before stop() removes the state folder.
  for (const signal of SIGNALS) for (const listener of process.listeners(signal)) if (listener !== onSignal) process.off(signal, listener);
  const { fixtures } = parsed.options;
  const counted = { jobs: sandbox.seeded, endpointFixtures: sandbox.seededEndpointFixtures };
  const seeded = !fixtures
    ? `${seededText(counted, 'sample job(s)')} seeded from ${SHIPPED_FIXTURES}; --fixtures seeds yours instead`
    : fixtures.length > 0
      ? `${seededText(counted)} seeded from ${fixtures.join(', ')}`
      : 'no seeded jobs (--no-fixtures)';
  console.log(`${COMMAND}: ready on ${sandbox.url} (${seeded}; Ctrl-C stops it)`);
  const why = await ended;
  if (why === 'crash') console.error(`${COMMAND}: the Workers runtime stopped unexpectedly (see above); exiting`);
  await sandbox.stop();
  return why === 'crash' ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
