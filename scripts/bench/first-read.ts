// What a first read of an object costs a line, step by step: the lines generated (and encoded),
// then gzipped (CompressionStream), then hashed (crypto.DigestStream's MD5), as GetObject does
// once before it keeps the bytes; each call a job of its own, so nothing is reused (but by
// "gzip alone", the runtime's gzip of lines made once, the floor under the gzip step). The
// project's own modules, bundled into Workers and called in one isolate (in-isolate.ts), so
// that neither HTTP nor the rest of a request counts.
import { build } from 'esbuild';
import type { Reference } from './references';

/** Each step's Worker: a call generates `lines` lines of a fresh job's export and goes that far. */
const STEPS = {
  generated: `const encoder = new TextEncoder();
    let size = 0;
    for (const line of pieceLines(job, piece)) size += encoder.encode(line).length;`,
  gzipped: `const reader = gzipStream(pieceLines(job, piece)).getReader();
    let size = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) size += read.value.length;`,
  'gzipped and hashed': 'const { size } = await measure(gzipStream(pieceLines(job, piece)));',
  // The runtime's gzip by itself, on the same lines made once: what CompressionStream (which takes no level) costs a line.
  'gzip alone': `ready ??= new TextEncoder().encode([...pieceLines(job, piece)].join(''));
    const reader = new Blob([ready]).stream().pipeThrough(new CompressionStream('gzip')).getReader();
    let size = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) size += read.value.length;`,
};

/** The steps' Workers, from the checkout at `root` (this one unless said: another, to compare). */
export async function firstReadWorkers(lines: number, root = process.cwd()): Promise<Record<keyof typeof STEPS, Reference>> {
  const workers = await Promise.all(
    Object.entries(STEPS).map(async ([step, body]) => {
      const entry = `import { pieceLines } from './src/exports/generate';
import { gzipStream, measure } from './src/exports/object';
let calls = 0;
let ready;
export default {
  async fetch() {
    const job = { ApplicationId: 'bench', Id: 'first-read-' + calls++, CreationDate: '2026-01-01T00:00:00.000Z' };
    const piece = { firstLine: 0, lines: ${lines} };
    ${body}
    return new Response(String(size));
  },
};`;
      const built = await build({
        stdin: { contents: entry, resolveDir: root, loader: 'ts' },
        bundle: true,
        format: 'esm',
        write: false,
        minify: true,
      });
      return [step, { reference: true as const, script: built.outputFiles[0]?.text ?? '' }] as const;
    }),
  );
  return Object.fromEntries(workers) as Record<keyof typeof STEPS, Reference>;
}
