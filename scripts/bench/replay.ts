// A replay Worker: the project's own answer to one scenario, captured once and served as a
// constant. Measured beside the project, it shows what the answer itself costs the runtime
// (its headers, its body size) apart from the work the sandbox does to produce it.
import { fetchAgain, type Load } from './load';

const ADDED_BY_RUNTIME = new Set(['content-length', 'date', 'transfer-encoding', 'connection', 'keep-alive']);

/** The ES module source of a Worker that answers every request as the project answered `load`. */
export async function replayScript(load: Load): Promise<string> {
  const response = await fetchAgain(load.url, { method: load.method ?? 'GET', headers: load.headers });
  const body = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!ADDED_BY_RUNTIME.has(name)) headers[name] = value;
  });
  const init = JSON.stringify({ status: response.status, headers });
  return `const body = ${body === '' ? 'null' : JSON.stringify(body)};
const init = ${init};
export default { fetch: () => new Response(body, init) };`;
}
