// GetExportJob takes no body, but API Gateway still refuses one over its 10 MB payload
// limit with a 413 before Pinpoint sees it. The body is counted as it streams and dropped,
// so a large or endless body never sits in memory.
import { ApiError } from './errors';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

const tooLarge = () => new ApiError('PayloadTooLargeException', `Request payload exceeds the ${MAX_BODY_BYTES} byte limit.`);

export async function enforceBodyLimit(request: Request, limit = MAX_BODY_BYTES): Promise<void> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge();
  if (!request.body) return;
  const reader = request.body.getReader();
  let seen = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    seen += chunk.value.byteLength;
    if (seen > limit) {
      await reader.cancel();
      throw tooLarge();
    }
  }
}
