// For npm run mutate only (vitest.mutate.config.ts). Stryker's vitest runner builds a mutant's
// result from the tests it collected, and a spec file whose import throws collects none: a
// mutant that breaks a module at load (a shipped fixture that no longer parses, so the spec's
// fixtures cannot load) was scored Survived though the suite fails on it
// (stryker-mutator/stryker-js#6150). This reporter gives such a file one failed test carrying
// its load error, so the runner sees the failure. A file that loaded is left as it is.
import type { RunnerTask, RunnerTestCase } from 'vitest';
import type { Reporter, Vitest } from 'vitest/node';

export default class LoadFailureReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  // The files as the runner reads them once the run has ended (its state, not the reported modules).
  onTestRunEnd(): void {
    for (const file of this.vitest?.state.getFiles() ?? []) {
      if (file.result?.state !== 'fail' || file.tasks.length > 0) continue;
      // A test as vitest shapes one; only the runner reads it, once the run has ended.
      const failed = {
        type: 'test',
        name: 'the file loads',
        id: `${file.id}_load`,
        mode: 'run',
        file,
        suite: file,
        meta: {},
        timeout: 0,
        annotations: [],
        artifacts: [],
        result: { state: 'fail', errors: file.result.errors ?? [{ message: 'the file failed to load' }] },
      } as unknown as RunnerTestCase;
      (file.tasks as RunnerTask[]).push(failed);
    }
  }
}
