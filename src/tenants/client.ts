// The caller's tenant, as the routes reach it: its Durable Object, and the bounds every call
// to it carries. Null where the serving mode has no Durable Objects (npm run serve).
import { tenantOf } from '../gateway/client-key';
import type { Call } from '../routes/call';
import type { Bounds, TenantState } from './tenant-state';

export interface Tenant {
  name: string; // "<access key id>/<region>", or "anonymous"
  state: DurableObjectStub<TenantState>;
  bounds: () => Bounds;
}

export function tenantFor({ request, env, runtime }: Call): Tenant | null {
  if (!env.TENANTS) return null;
  const name = tenantOf(request);
  const { tenantTtlS, tenantMaxJobs } = runtime.settings;
  return {
    name,
    state: env.TENANTS.get(env.TENANTS.idFromName(name)),
    bounds: () => ({ now: Date.now(), ttlMs: tenantTtlS * 1000, maxJobs: tenantMaxJobs }),
  };
}
