// The Worker's bindings and vars: generated from wrangler.toml by `npm run types` into
// worker-configuration.d.ts (committed; `npm test` fails when it is stale), plus the one
// secret wrangler.toml cannot declare.
/// <reference path="./worker-configuration.d.ts" />

declare global {
  namespace Cloudflare {
    interface Env {
      SIGV4_CREDENTIALS?: string; // a secret (`wrangler secret put`): "AKID=secret,AKID2=secret2"
    }
  }
}

export type Env = Cloudflare.Env;
