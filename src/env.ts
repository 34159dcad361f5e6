// The Worker's bindings, as wrangler.toml declares them (SIGV4_CREDENTIALS is a secret).
import type { TenantState } from './tenants/tenant-state';

interface Bindings {
  JOBS: KVNamespace;
  TENANTS: DurableObjectNamespace<TenantState>;
  ASSETS?: Fetcher; // public/, see wrangler.toml [assets]
  RATE_LIMITER?: RateLimit;
  MOCK_DELAY_CAP_MS?: string;
  JOB_CACHE_TTL_MS?: string;
  JOB_CACHE_MAX_ENTRIES?: string;
  KV_CACHE_TTL_S?: string;
  TENANT_MAX_JOBS?: string;
  TENANT_TTL_S?: string;
  JOURNAL?: string;
  JOURNAL_MAX_ENTRIES?: string;
  RATE_LIMIT?: string;
  RATE_LIMIT_PERIOD_S?: string;
  SIGV4_VERIFY?: string;
  SIGV4_CREDENTIALS?: string;
}

export type Env = Bindings;

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {}
  }
}
