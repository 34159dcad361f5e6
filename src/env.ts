// The Worker's bindings, as wrangler.toml declares them.
export interface Env {
  JOBS: KVNamespace;
  MOCK_DELAY_CAP_MS?: string;
}

declare global {
  namespace Cloudflare {
    interface Env {
      JOBS: KVNamespace;
      MOCK_DELAY_CAP_MS?: string;
    }
  }
}
