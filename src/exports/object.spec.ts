import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fixture, jobAt, piecesAt } from '../../test/support/arbitraries';
import { EndpointResponseSchema } from './endpoint-schema';
import { type ExportJob, pieceLines } from './generate';
import { gzipStream, measure, sliceBytes } from './object';
import { parseS3Url } from './pieces';

const job: ExportJob = { ApplicationId: 'app1', Id: 'job1', SegmentId: 'seg1', CreationDate: '2026-03-01T12:00:00.000Z' };
const piece = { firstLine: 1000, lines: 2500 };

/** The MD5 of `bytes` in hex, by the runtime's one-shot digest: what the streamed one must agree with. */
const md5Hex = async (bytes: Uint8Array) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('MD5', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
const bytesOf = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());
const gunzip = (bytes: Uint8Array) => new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();

describe('an export object', () => {
  it('is gzip-compressed newline-delimited JSON: one valid EndpointResponse of the job a line, exactly the piece’s lines', async () => {
    const text = await gunzip(await bytesOf(gzipStream(pieceLines(job, piece))));
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(piece.lines);
    const ids = new Set<string>();
    for (const line of lines) {
      const endpoint = v.parse(EndpointResponseSchema, JSON.parse(line));
      expect(endpoint.ApplicationId).toBe(job.ApplicationId);
      ids.add(endpoint.Id);
    }
    expect(ids.size).toBe(piece.lines);
  });

  it('is byte-identical each time, and measured as the MD5 and length of those bytes', async () => {
    const once = await bytesOf(gzipStream(pieceLines(job, piece)));
    const again = await bytesOf(gzipStream(pieceLines(job, piece)));
    expect(again.length === once.length && again.every((byte, i) => byte === once[i])).toBe(true); // toEqual is slow on 10⁵ bytes
    expect([once[0], once[1]]).toEqual([0x1f, 0x8b]);
    const etag = `"${await md5Hex(once)}"`;
    expect(await measure(gzipStream(pieceLines(job, piece)))).toEqual({ size: once.length, etag, bytes: null });
    const kept = await measure(gzipStream(pieceLines(job, piece)), once.length);
    expect(kept.size === once.length && kept.etag === etag && kept.bytes?.every((byte, i) => byte === once[i])).toBe(true);
    expect((await measure(gzipStream(pieceLines(job, piece)), once.length - 1)).bytes).toBeNull(); // one byte over: not kept
  });

  it('is produced as it is read, never whole: the generator is pulled no further than the reader needs', async () => {
    let pulled = 0;
    function* counted() {
      for (const line of pieceLines(job, { firstLine: 0, lines: 1_000_000 })) {
        pulled++;
        yield line;
      }
    }
    const reader = gzipStream(counted()).getReader();
    await reader.read();
    await reader.cancel();
    expect(pulled).toBeGreaterThan(0);
    expect(pulled).toBeLessThan(10_000);
  });

  it('of no lines is an empty gzip member', async () => {
    expect(await gunzip(await bytesOf(gzipStream(pieceLines(job, { firstLine: 0, lines: 0 }))))).toBe('');
  });

  it('of every piece of a job, read back, hold exactly TotalProcessed lines, ids unique across the export', async () => {
    const p = {
      start: Date.parse('2026-03-01T12:00:00.000Z'),
      durationMs: 60_000,
      outcome: 'COMPLETED' as const,
      pieces: 3,
      endpoints: 250,
    };
    const done = jobAt(fixture, p, p.start + p.durationMs)?.job;
    if (!done?.CompletionDate) throw new Error('the job should be completed');
    const location = parseS3Url(done.Definition.S3UrlPrefix);
    if (!('bucket' in location)) throw new Error('a valid prefix');
    const exportJob = { ...done, SegmentId: done.Definition.SegmentId, CompletionDate: done.CompletionDate };
    const ids = new Set<string>();
    let lines = 0;
    for (const piece of piecesAt(fixture, p, p.start + p.durationMs, location)) {
      const bytes = await bytesOf(gzipStream(pieceLines(exportJob, piece)));
      const measured = await measure(gzipStream(pieceLines(exportJob, piece)));
      expect(measured).toEqual({ size: bytes.length, etag: `"${await md5Hex(bytes)}"`, bytes: null });
      for (const line of (await gunzip(bytes)).split('\n').filter(Boolean)) {
        const endpoint = v.parse(EndpointResponseSchema, JSON.parse(line));
        expect(endpoint.ApplicationId).toBe(fixture.ApplicationId);
        ids.add(endpoint.Id);
        lines++;
      }
    }
    expect(lines).toBe(done.TotalProcessed);
    expect(ids.size).toBe(lines);
  });

  it('sends any byte range of itself, however its bytes are chunked, and stops pulling after the range', async () => {
    const whole = await bytesOf(gzipStream(pieceLines(job, { firstLine: 0, lines: 300 })));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 20 }),
        fc.nat(whole.length - 1),
        fc.nat(whole.length - 1),
        async (sizes, a, b) => {
          let at = 0;
          let chunks = 0;
          const source = new ReadableStream<Uint8Array>(
            {
              pull(controller) {
                if (at >= whole.length) return controller.close();
                const size = sizes[chunks++ % sizes.length] as number;
                controller.enqueue(whole.subarray(at, at + size));
                at += size;
              },
            },
            { highWaterMark: 0 },
          ); // read ahead of nothing: `at` is what the slice asked for
          const [start, end] = [Math.min(a, b), Math.max(a, b)];
          const sent = await bytesOf(sliceBytes(source, start, end));
          expect(sent.length === end - start + 1 && sent.every((byte, i) => byte === whole[start + i])).toBe(true);
          expect(at - Math.max(...sizes)).toBeLessThanOrEqual(end + 1); // no chunk was read past the one holding `end`
        },
      ),
    );
  });
});
