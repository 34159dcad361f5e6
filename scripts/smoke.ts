// npm run smoke -- <url>: the smoke test (node/smoke.ts) against any sandbox, e.g. right after
// `wrangler deploy`, or `npm start`'s http://localhost:8787. Prints a table of the checks;
// exits 1 on a failure, 2 on bad arguments. With SMOKE_CREDENTIALS="AKID=secret", it signs
// with that key pair (a sandbox with SIGV4_VERIFY on).
const USAGE = 'usage: npm run smoke -- <sandbox URL>   (SMOKE_CREDENTIALS="AKID=secret" to sign with a key pair the sandbox verifies)';

async function main(argv: string[]): Promise<number> {
  const [url, ...rest] = argv;
  if (!url || rest.length > 0 || !/^https?:\/\/[^/]/.test(url)) {
    console.error(USAGE);
    return 2;
  }
  const [accessKeyId, secretAccessKey] = (process.env.SMOKE_CREDENTIALS ?? '').split('=', 2);
  const credentials = accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
  const { smokeTable, smokeTest } = await import('../node/smoke'); // the AWS SDK loads for a run, not for a wrong argument
  const report = await smokeTest(url, { credentials });
  console.log(smokeTable(report));
  return report.passed ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`smoke: ${(error as Error).message}`);
    process.exit(1);
  },
);
