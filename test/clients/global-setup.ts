// One sandbox for the whole client suite, stopped when the run ends, failed or not.
import type { TestProject } from 'vitest/node';
import { startDevSandbox } from '../../scripts/wrangler-dev';

declare module 'vitest' {
  export interface ProvidedContext {
    sandboxUrl: string;
    verifyingSandboxUrl: string; // SIGV4_VERIFY on, with SIGV4_TEST_CREDENTIALS
  }
}

export const SIGV4_TEST_CREDENTIALS = { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox/secret+key' };

export default async function setup(project: TestProject) {
  const started = await Promise.allSettled([
    startDevSandbox(),
    startDevSandbox({
      SIGV4_VERIFY: 'on',
      SIGV4_CREDENTIALS: `${SIGV4_TEST_CREDENTIALS.accessKeyId}=${SIGV4_TEST_CREDENTIALS.secretAccessKey}`,
    }),
  ]);
  const stopAll = () => Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
  const [plain, verifying] = started;
  if (plain?.status !== 'fulfilled' || verifying?.status !== 'fulfilled') {
    await stopAll();
    throw started.find((s) => s.status === 'rejected')?.reason;
  }
  project.provide('sandboxUrl', plain.value.url);
  project.provide('verifyingSandboxUrl', verifying.value.url);
  return stopAll;
}
