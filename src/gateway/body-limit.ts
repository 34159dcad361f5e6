// API Gateway refuses a body over its 10 MB payload limit with a 413 before Pinpoint sees it.
// The body is counted as it streams, so a large or endless body is cut off at the limit and
// never held beyond it: kept whole (as text) for the operations that take one, else only as
// much as the request journal keeps.

import type { BodySeen } from '../http/body';
import { ApiError } from '../http/errors';
import { MAX_BODY_BYTES } from '../limits';

const tooLarge = () => new ApiError('PayloadTooLargeException', `Request payload exceeds the ${MAX_BODY_BYTES} byte limit.`);

/** The body's first `keepBytes` bytes as text, and its whole length, once it has been read; a 413 past `limit` bytes. */
export async function readBody(request: Request, keepBytes: number, limit = MAX_BODY_BYTES): Promise<BodySeen> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge();
  if (!request.body) return { text: '', bytes: 0 };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    seen += chunk.value.byteLength;
    if (seen > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    const kept = seen - chunk.value.byteLength;
    if (kept < keepBytes) chunks.push(chunk.value.subarray(0, keepBytes - kept));
  }
  const decoder = new TextDecoder();
  return { text: chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join('') + decoder.decode(), bytes: seen };
}
