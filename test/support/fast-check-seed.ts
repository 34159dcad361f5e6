// Every property test runs from one seed: fixed in CI (or FC_SEED), fresh otherwise. The
// seed is printed once per run by vitest.config.ts, so a failure can be replayed with FC_SEED.
import fc from 'fast-check';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    fcSeed: number;
  }
}

const seed = inject('fcSeed');
if (!Number.isInteger(seed)) throw new Error('no fast-check seed was provided (vitest.config.ts)');
fc.configureGlobal({ seed });
