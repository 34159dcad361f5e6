// The Worker's bindings, as wrangler.toml declares them.
interface Bindings {
  JOBS: KVNamespace;
  MOCK_DELAY_CAP_MS?: string;
  JOB_CACHE_TTL_MS?: string;
  JOB_CACHE_MAX_ENTRIES?: string;
  KV_CACHE_TTL_S?: string;
}

export type Env = Bindings;

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {}
  }
}
