// Calls the Worker's fetch handler directly, with the test's real bindings and, where a
// test needs them, other settings: the same code path as SELF.fetch without the HTTP hop.
import { createExecutionContext, env } from 'cloudflare:test';
import type { Env } from '../../src/env';
import worker from '../../src/index';

export function handleWith(vars: Partial<Env> = {}) {
  const withVars = { ...env, ...vars } as Env; // a new object: settings are read once per env
  // A Response, or a promise of one (the Worker answers at once when it waits for nothing): always a promise here.
  return async (request: Request): Promise<Response> =>
    worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, withVars, createExecutionContext());
}
