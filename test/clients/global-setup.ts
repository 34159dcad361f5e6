// One sandbox for the whole client suite, stopped when the run ends, failed or not: the Worker
// on the package's engine (startSandbox, as client apps run it), seeded with fixtures/, which
// starts in a second or two where `wrangler dev` took several. What is about wrangler itself
// (npm start's seeding, a restart that keeps created jobs) is test/node/wrangler-dev.spec.ts's.
import type { TestProject } from 'vitest/node';
import { type Sandbox, startSandbox } from '../../node/sandbox';
import { builtPackage } from '../node/package-build';
import { launchChromium } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    sandboxUrl: string;
    sandboxS3Url: string; // its S3 endpoint, as startSandbox gives it
    verifyingSandboxUrl: string; // SIGV4_VERIFY on, with SIGV4_TEST_CREDENTIALS
  }
}

// The plain sandbox runs as the hosted URL does, several isolates taking requests in turn: every
// client test holds whichever isolate answers each of its requests (docs/isolates.md).
const CLIENT_ISOLATES = 4;

export const SIGV4_TEST_CREDENTIALS = { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox/secret+key' };

export default async function setup(project: TestProject) {
  await builtPackage(); // the Worker bundle the engine runs (dist/worker)
  const browser = await launchChromium();
  project.provide('chromiumEndpoint', browser?.wsEndpoint() ?? '');
  const started = await Promise.allSettled([
    startSandbox({ isolates: CLIENT_ISOLATES }),
    startSandbox({
      vars: {
        SIGV4_VERIFY: 'on',
        SIGV4_CREDENTIALS: `${SIGV4_TEST_CREDENTIALS.accessKeyId}=${SIGV4_TEST_CREDENTIALS.secretAccessKey}`,
      },
    }),
  ]);
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stopAll = () => Promise.all([...running.map((s: Sandbox) => s.stop()), browser?.close()]);
  const [plain, verifying] = started;
  if (plain?.status !== 'fulfilled' || verifying?.status !== 'fulfilled') {
    await stopAll();
    throw started.find((s) => s.status === 'rejected')?.reason;
  }
  project.provide('sandboxUrl', plain.value.url);
  project.provide('sandboxS3Url', plain.value.s3Url);
  project.provide('verifyingSandboxUrl', verifying.value.url);
  return stopAll;
}
