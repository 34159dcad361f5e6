// What an isolate keeps of the objects it has generated, by a key that changes whenever an
// object's bytes would (objectKeyOf): their gzip bytes, bounded in bytes (OBJECT_CACHE_BYTES, at
// most OBJECT_CACHE_MAX_OBJECT_BYTES an object), and, for any object, its size and ETag
// (OBJECT_CACHE_MAX_MEASURED entries). Least recently read goes first. Plain data, never a
// promise: a value made by one request may be read by another.
import { OBJECT_CACHE_BYTES, OBJECT_CACHE_MAX_MEASURED } from '../limits';
import type { ExportJob, LineRange } from './generate';
import type { Measured } from './object';

/** Bumped whenever generate.ts or object.ts would give other bytes for the same job and piece:
 *  a cache that outlives a deploy (the Cache API's) must not serve the old ones. */
export const GENERATION = 1;

/** The key of a piece's object: the job's identity, the lines, and where they come from (the
 *  digest of the endpoints fixture that gives them, or generated). */
export function objectKeyOf(job: ExportJob, piece: LineRange, explicitDigest: string | null): string {
  return JSON.stringify([
    GENERATION,
    job.ApplicationId,
    job.Id,
    job.CreationDate,
    job.SegmentId ?? null,
    piece.firstLine,
    piece.lines,
    explicitDigest,
  ]);
}

export class ObjectCache {
  private readonly entries = new Map<string, Measured>();
  private held = 0; // bytes of the entries' `bytes`

  constructor(
    private readonly maxBytes = OBJECT_CACHE_BYTES,
    private readonly maxEntries = OBJECT_CACHE_MAX_MEASURED,
  ) {}

  get(key: string): Measured | undefined {
    const found = this.entries.get(key);
    if (found) {
      this.entries.delete(key); // read last, so Map order stays least recently read first
      this.entries.set(key, found);
    }
    return found;
  }

  set(key: string, value: Measured): void {
    const bytes = value.bytes && value.bytes.length <= this.maxBytes ? value.bytes : null;
    this.drop(key);
    this.entries.set(key, { ...value, bytes });
    this.held += bytes?.length ?? 0;
    while (this.entries.size > this.maxEntries) this.drop(this.entries.keys().next().value as string);
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      if (!entry.bytes) continue;
      this.held -= entry.bytes.length; // its bytes go; its size and ETag stay
      this.entries.set(oldest, { ...entry, bytes: null });
    }
  }

  /** The gzip bytes it holds: never more than its bound. */
  get heldBytes(): number {
    return this.held;
  }

  private drop(key: string): void {
    const found = this.entries.get(key);
    if (!found) return;
    this.held -= found.bytes?.length ?? 0;
    this.entries.delete(key);
  }
}
