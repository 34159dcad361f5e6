// The admin API (/_sandbox/) of a running sandbox, from its URL alone: what a test file needs
// when the sandbox was started elsewhere (a vitest or Jest globalSetup) and only its URL was
// handed over. Each call names its tenant: the access key id and region the app signs with.
import { unsignedAuthorization } from '../src/gateway/credential';
import { MAX_JOURNAL_PAGE } from '../src/limits';
import { DEFAULTS_PATH, type PinpointOperationName, REQUESTS_PATH, RESET_PATH } from '../src/routes/route-paths';
import type { Defaults, JournalEntry, JournalPage } from '../src/tenants/schema';

/** A tenant: the access key id and region its requests are signed with. */
export interface TenantKey {
  accessKeyId: string;
  region: string;
}

export interface JournalFilter {
  operation?: PinpointOperationName;
  status?: number;
  since?: Date;
}

export interface AdminClient {
  /** The tenant's request journal, oldest first (up to 1,000 entries): what the app sent, and what it got. */
  requests(tenant: TenantKey, filter?: JournalFilter): Promise<JournalEntry[]>;
  /** Clears the tenant's created jobs, journal, defaults and counters. */
  resetTenant(tenant: TenantKey): Promise<void>;
  /** The life of every job the tenant creates from now on without x-mock-progression: duration in seconds, outcome, pieces, endpoints. */
  setDefaults(tenant: TenantKey, defaults: Defaults): Promise<Defaults>;
}

/** Headers that make an unsigned request the tenant's: only the credential scope names a tenant.
 *  With SIGV4_VERIFY on, a real signature is wanted: sign with the tenant's secret instead. */
export const tenantHeaders = ({ accessKeyId, region }: TenantKey): Record<string, string> => ({
  authorization: unsignedAuthorization(accessKeyId, { region }),
});

export function adminClient(url: string): AdminClient {
  const call = async (tenant: TenantKey, method: string, path: string, body?: unknown): Promise<unknown> => {
    const headers = { ...tenantHeaders(tenant), 'content-type': 'application/json' };
    const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
  return {
    async requests(tenant, filter = {}) {
      const query = new URLSearchParams({ limit: String(MAX_JOURNAL_PAGE) });
      if (filter.operation) query.set('operation', filter.operation);
      if (filter.status !== undefined) query.set('status', String(filter.status));
      if (filter.since) query.set('since', filter.since.toISOString());
      return ((await call(tenant, 'GET', `${REQUESTS_PATH}?${query}`)) as JournalPage).entries;
    },
    async resetTenant(tenant) {
      await call(tenant, 'POST', RESET_PATH);
    },
    async setDefaults(tenant, defaults) {
      return (await call(tenant, 'PUT', DEFAULTS_PATH, defaults)) as Defaults;
    },
  };
}
