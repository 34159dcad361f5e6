// One sandbox for the whole client suite, stopped when the run ends, failed or not.
import type { TestProject } from 'vitest/node';
import { startSandbox } from '../../scripts/wrangler-dev';

declare module 'vitest' {
  export interface ProvidedContext {
    sandboxUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const sandbox = await startSandbox();
  project.provide('sandboxUrl', sandbox.url);
  return sandbox.stop;
}
