// npx pinpoint-export-job-sandbox: the sandbox for a client app's tests, on this machine.
// Checks its arguments and fixtures before starting anything, prints the URL once it answers,
// and stops cleanly on SIGINT or SIGTERM. Exit codes: 2 bad arguments, 1 could not start.
import { COMMAND, parseCliArgs, USAGE } from './cli-args';
import { type Sandbox, startSandbox } from './sandbox';

async function main(argv: string[]): Promise<number> {
  const parsed = parseCliArgs(argv);
  if ('help' in parsed) {
    console.log(USAGE);
    return 0;
  }
  if ('problem' in parsed) {
    console.error(`${COMMAND}: ${parsed.problem}\n${USAGE}`);
    return 2;
  }
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({ ...parsed.options, log: true });
  } catch (error) {
    console.error(`${COMMAND}: ${(error as Error).message}`);
    return 1;
  }
  const { fixtures } = parsed.options;
  console.log(
    `${COMMAND}: ready on ${sandbox.url} (${fixtures.length > 0 ? `${sandbox.seeded} job(s) seeded from ${fixtures.join(', ')}` : 'no seeded jobs'}; Ctrl-C stops it)`,
  );
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal); // Miniflare's own would exit at once, before stop() removes the state folder
      process.once(signal, () => resolve());
    }
  });
  await sandbox.stop();
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
