// The sandbox Worker: Amazon Pinpoint's export-job operations, as Pinpoint answered them, and
// the Durable Object that keeps each tenant's created jobs.
import type { Env } from './env';
import { handle } from './router';

export { TenantState } from './tenants/tenant-state'; // the Durable Object class of wrangler.toml's TENANTS

export default {
  fetch: handle,
} satisfies ExportedHandler<Env>;
