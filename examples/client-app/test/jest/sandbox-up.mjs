import { startSandbox } from 'pinpoint-export-job-sandbox';

export default async function () {
  globalThis.sandbox = await startSandbox(); // the package's sample jobs; { fixtures: ['test/fixtures'] } seeds yours instead
  process.env.PINPOINT_ENDPOINT = globalThis.sandbox.url; // the test workers inherit it
}
