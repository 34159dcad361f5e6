// The order test files start in: vitest's own within a project (the longest known first), and
// the projects in this order rather than by name, so that the CPU-bound fuzzing starts first,
// beside the client suites that mostly wait on other processes, instead of last, alone; and
// the package specs start once the package they wait for (packed in the background from the
// start of the run) is nearly ready.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const PROJECT_ORDER = ['workers-own-runtime', 'clients', 'node', 'workers'];

export class ProjectOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = PROJECT_ORDER.indexOf(file.project.name);
      return at < 0 ? PROJECT_ORDER.length : at;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b)); // stable: vitest's order within a project stays
  }
}
