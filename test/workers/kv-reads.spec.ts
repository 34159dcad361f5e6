// Requests that arrive while another's KV read is under way: each gets its answer whatever
// happens to the other. A promise made by one request and awaited by another is bound to the
// first, so a read shared between them hangs the second once the first is cancelled (a client
// that disconnects). The requests here are real ones (SELF), each in its own request context,
// and the KV is the real local namespace behind a gate that holds its reads until the test
// opens it.
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { FixtureStore } from '../../src/jobs/fixture-store';
import { runtimeOf } from '../../src/runtime';
import { ANY_JOB, seedFixtures, urlOf } from './fixtures';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** The real namespace, whose reads wait (polling plain data: nothing shared between requests) until `open`. */
function gatedKv(real: KVNamespace) {
  const gate = { open: false, reads: 0 };
  const kv = new Proxy(real, {
    get: (target, name) =>
      name === 'get'
        ? async (...args: unknown[]) => {
            gate.reads++;
            while (!gate.open) await tick();
            return (target.get as (...a: unknown[]) => unknown).apply(target, args);
          }
        : Reflect.get(target, name),
  });
  return { kv, gate };
}

describe('a KV read under way', () => {
  it('does not hold up another request for the same job when the request that started it is cancelled', async () => {
    await seedFixtures();
    const runtime = runtimeOf(env); // what SELF's requests use: the Worker's runtime for this env
    const { kv, gate } = gatedKv(env.JOBS);
    const real = runtime.fixtures;
    runtime.fixtures = new FixtureStore(kv, runtime.settings);
    try {
      const cancelled = new AbortController();
      const first = SELF.fetch(urlOf(ANY_JOB), { signal: cancelled.signal }).catch((error: unknown) => error);
      while (gate.reads < 1) await tick();
      cancelled.abort(); // the client goes away while its read is in flight
      expect(await first).toBeInstanceOf(Error);
      const second = SELF.fetch(urlOf(ANY_JOB));
      gate.open = true;
      const response = await second;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(ANY_JOB);
    } finally {
      gate.open = true;
      runtime.fixtures = real;
    }
  });
});
