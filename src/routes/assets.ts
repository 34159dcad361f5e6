// The static files in public/ (the landing page, its script and style, the OpenAPI
// document), served through the ASSETS binding so they add nothing to the Worker's bundle.
// wrangler.toml runs the Worker first, so that every answer carries the same headers and
// an unknown path is the JSON 404 of the API (router.ts), not an HTML page.
import type { Env } from '../env';
import { ApiError } from '../http/errors';
import type { Reply } from '../http/reply';

// What the landing page may load: its own files, and calls back to this origin; nothing else.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const FILE = /^\/[A-Za-z0-9_-][A-Za-z0-9._-]*$/; // public/ is flat: one segment, no dot segments

/** The asset at `path` (or the request's own path), or null when there is none; the caller says which 404 that is. */
export async function asset(request: Request, env: Env, path?: string): Promise<Reply | null> {
  const url = new URL(request.url); // not new URL(path, base): a path like "//x" would name another host
  if (path) url.pathname = path;
  url.search = '';
  const served = env.ASSETS && FILE.test(url.pathname);
  const found = served ? await env.ASSETS?.fetch(new Request(url, { method: request.method === 'HEAD' ? 'HEAD' : 'GET' })) : null;
  if (!found?.ok) return null;
  const type = found.headers.get('content-type') ?? 'application/octet-stream';
  const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'public, max-age=300' };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
  return { status: 200, body: found.body, headers };
}

/** A file one of the sandbox's own routes serves (the OpenAPI document, the page), or a 404 saying it is not here. */
export async function ownAsset(request: Request, env: Env, path: string): Promise<Reply> {
  const found = await asset(request, env, path);
  if (!found) throw new ApiError('NotFoundException', `${path} is not served here: this way of running the sandbox has no static assets.`);
  return found;
}
