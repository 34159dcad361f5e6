// An export's object as bytes: a piece's lines, gzipped, as a stream, and its S3 metadata
// (size and ETag) found by streaming it once through the runtime's own MD5
// (crypto.DigestStream, which takes its input in chunks and counts it). Lines are encoded in
// batches as the reader pulls. Workers' CompressionStream('gzip') writes no timestamp, so the
// same lines always give the same bytes and the same ETag.
import { etagOf } from '../s3/object-headers';

/** How much text is encoded before it is handed to the compressor: big enough to keep the per-chunk cost small. */
const BATCH_CHARS = 64 * 1024;

/** The gzip bytes of `lines`, produced as they are read. */
export function gzipStream(lines: Iterator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const text = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        let batch = '';
        for (let line = lines.next(); ; line = lines.next()) {
          if (line.done) {
            if (batch) controller.enqueue(encoder.encode(batch));
            controller.close();
            return;
          }
          batch += line.value;
          if (batch.length >= BATCH_CHARS) break;
        }
        controller.enqueue(encoder.encode(batch));
      },
    },
    { highWaterMark: 0 },
  );
  // The cast: DOM's lib (the package's and scripts' typecheck) and Workers' types disagree on CompressionStream's chunk type.
  return text.pipeThrough(new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
}

/** The runtime's streaming digest (DOM's lib, the Node-side typecheck's, does not know it). */
interface Workers {
  DigestStream: new (algorithm: 'MD5') => WritableStream<Uint8Array> & { digest: Promise<ArrayBuffer> };
}

/** An object's Content-Length and ETag (quoted MD5 hex), and its bytes when they fit in `keepBytes`. */
export interface Measured {
  size: number;
  etag: string;
  bytes: Uint8Array<ArrayBuffer> | null;
}

/** One pass over `bytes`: their MD5 and length, and the bytes themselves when there are at most
 *  `keepBytes` of them (else they are dropped as they pass, and `bytes` is null). */
export async function measure(bytes: ReadableStream<Uint8Array>, keepBytes = 0): Promise<Measured> {
  const digest = new (crypto as unknown as Workers).DigestStream('MD5');
  const writer = digest.getWriter();
  let kept: Uint8Array[] | null = [];
  let size = 0;
  const reader = bytes.getReader(); // not for-await: DOM's lib gives ReadableStream no async iterator
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    await writer.write(read.value);
    size += read.value.length;
    if (kept && size <= keepBytes) kept.push(read.value);
    else kept = null;
  }
  await writer.close();
  const hex = Array.from(new Uint8Array(await digest.digest), (b) => b.toString(16).padStart(2, '0')).join('');
  return { size, etag: etagOf(hex), bytes: kept && joined(kept, size) };
}

function joined(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  if (chunks.length === 1 && chunks[0]?.buffer instanceof ArrayBuffer) return chunks[0] as Uint8Array<ArrayBuffer>;
  const whole = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.length;
  }
  return whole;
}

/** Bytes `start` to `end` (inclusive) of a stream, for a ranged GetObject of an object too large
 *  to be kept: what comes before is read and dropped, and the source is cancelled once the range
 *  is sent, so nothing after it is generated. */
export function sliceBytes(bytes: ReadableStream<Uint8Array>, start: number, end: number): ReadableStream<Uint8Array> {
  const reader = bytes.getReader();
  let offset = 0; // where the next chunk starts in the whole
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (offset <= end) {
          const { done, value } = await reader.read();
          if (done) break;
          const from = Math.max(0, start - offset);
          const to = Math.min(value.length, end + 1 - offset);
          offset += value.length;
          if (to > from) return controller.enqueue(value.subarray(from, to));
        }
        await reader.cancel();
        controller.close();
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
