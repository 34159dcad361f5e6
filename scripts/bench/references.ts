// The Workers the project is measured against, in the same runtime and with the same load:
// - constant: the job's JSON and nothing else, the runtime's own limit;
// - router floor: that constant answered through itty-router's IttyRouter, the most any
//   Worker on this stack can reach before it does work of its own;
// - replay: the project's own answer to a scenario (status, headers, body bytes), captured once
//   and served as a constant (for GetObject, a constant Worker answering the same bytes), which separates what the answer costs the runtime from the
//   work the sandbox does to produce it;
// - replay through the router: that answer behind itty-router, what the sandbox's answer costs
//   on this stack before the sandbox does any work of its own (the bound under its in-isolate figure).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fetchAgain, type Load } from './load';

export interface Reference {
  script: string;
  modules?: Record<string, string>; // further ES modules, by the name the script imports
  reference?: true; // one of these Workers, not the sandbox: it exports no Durable Object class to bind
}

const JSON_HEADERS = `{ 'content-type': 'application/json' }`;

export const constantWorker = (job: unknown): Reference => ({
  reference: true,
  script: `const body = ${JSON.stringify(JSON.stringify(job))};
export default { fetch: () => new Response(body, { headers: ${JSON_HEADERS} }) };`,
});

/** `answer` (one of these Workers) reached through itty-router's IttyRouter on `pattern`, with a
 *  catch-all after it that costs the measured path nothing: a route's cost on this stack, and no more. */
export const throughRouter = (answer: Reference, pattern: RegExp): Reference => ({
  reference: true,
  script: `import { IttyRouter } from './itty-router.mjs';
import answer from './answer.mjs';
const router = IttyRouter({ routes: [
  ['GET', new RegExp(${JSON.stringify(pattern.source)}), [(request) => answer.fetch(request)]],
  ['ALL', /^/, [() => new Response(null, { status: 404 })]],
] });
export default { fetch: (request) => router.fetch(request) };`,
  modules: {
    'itty-router.mjs': readFileSync(fileURLToPath(import.meta.resolve('itty-router/IttyRouter')), 'utf8'),
    'answer.mjs': answer.script,
  },
});

/** The router floor: the constant through itty-router alone, the most any Worker on this stack
 *  can reach before it does work of its own. */
export const routerFloorWorker = (job: unknown, pattern: RegExp): Reference => throughRouter(constantWorker(job), pattern);

const ADDED_BY_RUNTIME = new Set(['content-length', 'date', 'transfer-encoding', 'connection', 'keep-alive']);

/** A Worker that answers every request as the project answered `load`. */
export async function replayWorker(load: Load): Promise<Reference> {
  const response = await fetchAgain(load.url, { method: load.method ?? 'GET', headers: load.headers, body: load.body });
  const bytes = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!ADDED_BY_RUNTIME.has(name)) headers[name] = value;
  });
  // Bytes as they were (an export object is gzip), decoded once when the Worker starts.
  const body = bytes.length === 0 ? 'null' : `Uint8Array.from(atob(${JSON.stringify(bytes.toString('base64'))}), (c) => c.charCodeAt(0))`;
  return {
    reference: true,
    script: `const body = ${body};
const init = ${JSON.stringify({ status: response.status, headers })};
export default { fetch: () => new Response(body, init) };`,
  };
}
