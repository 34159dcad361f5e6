// API Gateway refuses a body over its 10 MB payload limit with a 413 before Pinpoint sees it.
// The body is counted as it streams, so a large or endless body is cut off at the limit and
// never held beyond it: kept (as text) for the operations that take one, dropped otherwise.
import { ApiError } from '../http/errors';
import { MAX_BODY_BYTES } from '../limits';

const tooLarge = () => new ApiError('PayloadTooLargeException', `Request payload exceeds the ${MAX_BODY_BYTES} byte limit.`);

/** The body as text when `keep`, else '' once it has been read past; a 413 past `limit` bytes. */
export async function readBody(request: Request, keep: boolean, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    seen += chunk.value.byteLength;
    if (seen > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    if (keep) chunks.push(chunk.value);
  }
  if (!keep) return '';
  const decoder = new TextDecoder();
  return chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join('') + decoder.decode();
}
