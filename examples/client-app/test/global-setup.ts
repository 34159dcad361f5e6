// One sandbox for the suite: started before the tests, stopped after them, failed or not.
import { startSandbox } from 'pinpoint-export-job-sandbox';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    sandboxUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const sandbox = await startSandbox({ port: 0 }); // the package's sample jobs; { fixtures: ['test/fixtures'] } seeds yours instead
  project.provide('sandboxUrl', sandbox.url);
  return () => sandbox.stop();
}
