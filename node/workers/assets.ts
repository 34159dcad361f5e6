// The engine's landing-page Worker: public/ is served by a disk service (DISK); this names each
// file's content type. public/ is flat and small, so the extension is enough.
interface AssetsEnv {
  DISK: Fetcher;
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
};

export default {
  async fetch(request, env) {
    const found = await env.DISK.fetch(request);
    if (!found.ok) return found;
    const type = CONTENT_TYPES[new URL(request.url).pathname.split('.').pop() ?? ''] ?? 'application/octet-stream';
    return new Response(found.body, { headers: { 'content-type': type } });
  },
} satisfies ExportedHandler<AssetsEnv>;
