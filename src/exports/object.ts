// An export's object as bytes: a piece's lines, gzipped, as a stream, and its S3 metadata
// (size and ETag) found by streaming it once. Nothing holds a whole piece: lines are encoded
// in batches as the reader pulls, and the MD5 is fed chunk by chunk (../s3/md5.ts), since
// crypto.subtle.digest takes its input whole. Workers' CompressionStream('gzip') writes no
// timestamp, so the same lines always give the same bytes and the same ETag.
import type { S3Object } from '../s3/list';
import { Md5 } from '../s3/md5';
import { etagOf } from '../s3/object-headers';
import type { EndpointResponse } from './endpoint-schema';
import { type ExportJob, pieceLines } from './generate';
import type { Piece } from './pieces';

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

/** An object's Content-Length and ETag (quoted MD5 hex), from one pass over its bytes. */
export async function measure(bytes: ReadableStream<Uint8Array>): Promise<{ size: number; etag: string }> {
  const md5 = new Md5();
  let size = 0;
  const reader = bytes.getReader(); // not for-await: DOM's lib gives ReadableStream no async iterator
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    md5.update(read.value);
    size += read.value.length;
  }
  return { size, etag: etagOf(md5.hex()) };
}

/** A piece as a listing shows it: its key, size and ETag (one pass over its bytes), and the job's CompletionDate as Last-Modified. */
export async function listedPiece(
  job: ExportJob & { CompletionDate: string },
  piece: Piece,
  explicit?: readonly EndpointResponse[],
): Promise<S3Object> {
  const { size, etag } = await measure(gzipStream(pieceLines(job, piece, explicit)));
  return { key: piece.key, size, etag, lastModifiedMs: Date.parse(job.CompletionDate) };
}

/** Bytes `start` to `end` (inclusive) of a stream, for a ranged GetObject: what comes before is
 *  read and dropped, and the source is cancelled once the range is sent, so nothing after it is generated. */
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
