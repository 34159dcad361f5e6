// The admin API (/_sandbox/) of a running sandbox, from its URL alone: what a test file needs
// when the sandbox was started elsewhere (a vitest or Jest globalSetup) and only its URL was
// handed over. Each call names its tenant: the access key id and region the app signs with.

import * as v from 'valibot';
import { unsignedAuthorization } from '../src/gateway/credential';
import { DEFAULTS_PATH, type JournaledOperation, REQUESTS_PATH, RESET_PATH } from '../src/routes/route-paths';
import { type Defaults, type JournalPage, JournalPageSchema } from '../src/tenants/schema';

/** A tenant: the access key id and region its requests are signed with. */
export interface TenantKey {
  accessKeyId: string;
  region: string;
}

/** GET /_sandbox/requests's query parameters; a value the API refuses rejects with its 400's message. */
export interface JournalFilter {
  /** At most this many entries, 1 to 1,000 (100 by default, as the API's). */
  limit?: number;
  /** Only requests that arrived at or after this instant (a Date, or epoch milliseconds). */
  since?: Date | number;
  /** Pinpoint's operations and the S3 mount's (ListObjectsV2, GetObject, …): JOURNALED_OPERATIONS. */
  operation?: JournaledOperation;
  status?: number;
}

// Each filter as its query parameter's text.
const QUERY: { [K in keyof Required<JournalFilter>]: (value: Required<JournalFilter>[K]) => string } = {
  limit: String,
  since: (since) => (typeof since === 'number' ? String(since) : since.toISOString()),
  operation: String,
  status: String,
};

export interface AdminClient {
  /** The tenant's request journal as GET /_sandbox/requests gives it: `entries`, oldest first (what the app
   *  sent, and what it got), and `evicted`, how many older ones the journal's bound dropped since it was last cleared. */
  requests(tenant: TenantKey, filter?: JournalFilter): Promise<JournalPage>;
  /** Clears the tenant's created jobs, journal, defaults and counters. */
  resetTenant(tenant: TenantKey): Promise<void>;
  /** The life of every job the tenant creates from now on without x-mock-progression: durationS (seconds), outcome, pieces, endpoints. */
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
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(filter)) {
        const text = QUERY[name as keyof JournalFilter] as ((value: unknown) => string) | undefined;
        if (!text) throw new TypeError(`unknown journal filter ${name}: expected one of ${Object.keys(QUERY).join(', ')}`);
        if (value !== undefined) query.set(name, text(value));
      }
      const page = await call(tenant, 'GET', `${REQUESTS_PATH}${query.size > 0 ? `?${query}` : ''}`);
      return v.parse(JournalPageSchema, page);
    },
    async resetTenant(tenant) {
      await call(tenant, 'POST', RESET_PATH);
    },
    async setDefaults(tenant, defaults) {
      return (await call(tenant, 'PUT', DEFAULTS_PATH, defaults)) as Defaults;
    },
  };
}
