// What the Worker keeps between requests, and who owns it. Everything an isolate remembers
// belongs to one env object (a deployment's bindings, or a test's own): its settings, its
// fixture cache and its pending journal entries, made together on the first request that
// brings that env. A test that changes a setting passes a new env, and so gets a new cache
// with it. The other memos are
// the harness's (parse.ts, progress.ts), whose values depend on nothing but their input.
import { type Config, readConfig } from './config';
import type { Env } from './env';
import { FixtureStore } from './jobs/fixture-store';
import { JournalWriter } from './tenants/journal-writer';

export interface Runtime {
  settings: Config;
  fixtures: FixtureStore;
  arrivals: number; // requests this isolate has taken: orders the journal's entries within a millisecond
  journal: JournalWriter; // entries waiting to be written, by tenant
}

const runtimes = new WeakMap<Env, Runtime>();

export function runtimeOf(env: Env): Runtime {
  let runtime = runtimes.get(env);
  if (!runtime) {
    const settings = readConfig(env);
    runtime = { settings, fixtures: new FixtureStore(env.JOBS, settings), arrivals: 0, journal: new JournalWriter() };
    runtimes.set(env, runtime);
  }
  return runtime;
}
