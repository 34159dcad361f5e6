// The engine's rate limiter when it runs several copies of the sandbox Worker: Miniflare's
// rate-limit binding counts in the memory of the isolate that holds it, so each copy would count
// on its own. The copies reach this one Worker's binding instead, through an RPC binding of the
// same name and method (RateLimit's limit()), and so share its counts, as one location shares
// them on Cloudflare.
import { WorkerEntrypoint } from 'cloudflare:workers';

interface LimiterEnv {
  LIMITER: RateLimit;
}

export class SharedLimiter extends WorkerEntrypoint<LimiterEnv> {
  limit(options: RateLimitOptions): Promise<RateLimitOutcome> {
    return this.env.LIMITER.limit(options);
  }
}

export default {
  fetch: () => new Response(null, { status: 404 }),
} satisfies ExportedHandler<LimiterEnv>;
