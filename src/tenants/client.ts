// The caller's tenant, as the Worker reaches it: its Durable Object, and the bounds every call
// to it carries. Null where the serving mode has no Durable Objects.
import type { Config } from '../config';
import type { Env } from '../env';
import { tenantOf } from '../gateway/client-key';
import { ApiError } from '../http/errors';
import type { Call } from '../routes/call';
import type { Bounds, TenantState } from './tenant-state';

export interface Tenant {
  name: string; // "<access key id>/<region>", or "anonymous"
  state: DurableObjectStub<TenantState>;
  bounds: () => Bounds;
}

export function tenantOfRequest(request: Request, env: Env, settings: Config): Tenant | null {
  if (!env.TENANTS) return null;
  const name = tenantOf(request);
  return { name, state: env.TENANTS.get(env.TENANTS.idFromName(name)), bounds: () => tenantBounds(settings, Date.now()) };
}

/** What every call to a tenant carries: the time, and the bounds its state keeps to. */
export function tenantBounds({ tenantTtlS, tenantMaxJobs, journalMaxEntries }: Config, now: number): Bounds {
  return { calledAtMs: now, ttlMs: tenantTtlS * 1000, maxJobs: tenantMaxJobs, maxJournal: journalMaxEntries };
}

export const tenantFor = ({ request, env, runtime }: Call): Tenant | null => tenantOfRequest(request, env, runtime.settings);

/** The caller's tenant, for the operations that cannot do without one. */
export function requireTenant(call: Call): Tenant {
  const tenant = tenantFor(call);
  if (tenant) return tenant;
  throw new ApiError(
    'InternalServerErrorException',
    'This serving mode has no Durable Objects, so it keeps no created jobs; use `npm start`.',
  );
}
