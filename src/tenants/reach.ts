// How the Worker reaches a tenant: its Durable Object, by the tenant's name, and the bounds
// every call to it carries. Storage knows nothing of HTTP: the caller names the tenant (the
// gateway reads it from the request's credential) and passes the namespace and settings.
import type { Config } from '../config';
import type { Bounds, TenantState } from './tenant-state';

export interface Tenant {
  name: string; // "<access key id>/<region>", or "anonymous"
  state: DurableObjectStub<TenantState>;
  bounds: () => Bounds;
}

export function reachTenant(namespace: DurableObjectNamespace<TenantState>, name: string, settings: Config): Tenant {
  return { name, state: namespace.getByName(name), bounds: () => tenantBounds(settings, Date.now()) };
}

/** What every call to a tenant carries: the time, and the bounds its state keeps to. */
export function tenantBounds({ tenantTtlS, tenantMaxJobs, journalMaxEntries }: Config, now: number): Bounds {
  return { calledAtMs: now, ttlMs: tenantTtlS * 1000, maxJobs: tenantMaxJobs, maxJournal: journalMaxEntries };
}
