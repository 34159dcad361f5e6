import { startSandbox } from 'pinpoint-export-job-sandbox';

export default async function () {
  globalThis.sandbox = await startSandbox({ fixtures: ['test/fixtures'] });
  process.env.PINPOINT_ENDPOINT = globalThis.sandbox.url; // the test workers inherit it
}
