// npx pinpoint-export-job-sandbox: the sandbox for a client app's tests, on this machine.
// Checks its arguments and fixtures before starting anything, prints the URL once it answers,
// and stops cleanly on SIGINT or SIGTERM (exit code 0). Exit codes otherwise: 2 bad arguments,
// 1 could not start, or the Workers runtime stopped by itself.
import { COMMAND, parseCliArgs, USAGE } from './cli-args';
import { packageVersion, SHIPPED_FIXTURES } from './package-files';
import { type Sandbox, startSandbox } from './sandbox';

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
  let finish: (why: 'signal' | 'crash') => void = () => {};
  const ended = new Promise<'signal' | 'crash'>((resolve) => {
    finish = resolve;
  });
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({ ...parsed.options, log: true, onCrash: () => finish('crash') });
  } catch (error) {
    console.error(`${COMMAND}: ${(error as Error).message}`);
    return 1;
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal); // Miniflare's own would exit at once, before stop() removes the state folder
    process.once(signal, () => finish('signal'));
  }
  const { fixtures } = parsed.options;
  const seeded = !fixtures
    ? `${sandbox.seeded} sample job(s) seeded from ${SHIPPED_FIXTURES}; --fixtures seeds yours instead`
    : fixtures.length > 0
      ? `${sandbox.seeded} job(s) seeded from ${fixtures.join(', ')}`
      : 'no seeded jobs (--no-fixtures)';
  console.log(`${COMMAND}: ready on ${sandbox.url} (${seeded}; Ctrl-C stops it)`);
  const why = await ended;
  if (why === 'crash') console.error(`${COMMAND}: the Workers runtime stopped unexpectedly (see above); exiting`);
  await sandbox.stop();
  return why === 'crash' ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
