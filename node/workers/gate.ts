// The engine's entry to the sandbox Worker: the Worker as wrangler bundled it (dist/worker/index.js,
// imported as it is), holding each request until the engine has seeded the fixtures. So the
// Worker can listen from workerd's first start, on a fixed port too, and nothing polling that
// port sees the sandbox without its fixtures; the alternative, opening the socket after the
// seed, restarts workerd (a quarter of a second of the CLI's start).
import worker, { TenantState } from 'sandbox:worker-bundle';
import type { ControlOps, GateEnv } from './control';

export { TenantState }; // the Durable Object class must be an export of the entry module

const OPENED: keyof ControlOps = 'opened';

let open = false; // once open, for good: after the first request, one test of a boolean

export default {
  async fetch(request, env, ctx) {
    if (!open) {
      await env.READY.fetch(`http://control/${OPENED}`, { method: 'POST', body: '{}' });
      open = true;
    }
    return worker.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<GateEnv>;
