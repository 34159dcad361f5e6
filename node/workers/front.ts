// The engine's front Worker when it runs several copies of the sandbox Worker (startSandbox's
// `isolates`): it owns the socket and hands each request to the next copy in turn, as
// Cloudflare spreads one URL's requests over many isolates. Each copy is its own isolate with
// its own memory; they share the Durable Objects, KV and the rate limiter, as on Cloudflare.
// With one copy there is no front: the copy owns the socket itself.

/** The front's bindings: COPIES copies, bound as COPY_0 … COPY_{COPIES-1}. */
export type FrontEnv = { COPIES: number } & Record<`COPY_${number}`, Fetcher>;

export const copyBinding = (index: number): `COPY_${number}` => `COPY_${index}`;

let next = 0; // the copy that takes the next request

export default {
  fetch(request, env) {
    const copy = env[copyBinding(next)] as Fetcher;
    next = (next + 1) % env.COPIES;
    return copy.fetch(request);
  },
} satisfies ExportedHandler<FrontEnv>;
