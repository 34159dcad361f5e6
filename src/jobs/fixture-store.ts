// Seeded jobs, read from Workers KV (tenants/storage-schema.md), and checked against the schema
// on the way out, so that a bad or misplaced value is reported for its own job only and never
// served as another job's data. It says what it found, as data; the routes decide which answer
// that is. KV is eventually consistent and each read costs; reads go through this store's cache
// and ask KV's edge cache to keep the value too. A store belongs to one env (runtime.ts), so
// settings and cache always go together.
//
// Only settled values are cached, never a read under way: a promise made by one request and
// awaited by another is bound to the first, and hangs or fails in the second when the first is
// cancelled (a client that disconnects). So each request that finds no fresh value reads KV
// itself. The bound: at most one read per job per request, and only by the requests that
// arrive while no read of the window (JOB_CACHE_TTL_MS) has settled: once one has, none until
// the window ends. A listing likewise.
import * as v from 'valibot';
import type { Config } from '../config';
import type { EndpointFixture } from '../exports/endpoint-schema';
import { TtlCache } from './cache';
import { readFixtureFile } from './fixture-file';
import { bucketIndexPrefix, endpointsKey, type IndexedExport, indexedExportOf, type JobRef, jobKey, refOfKey } from './kv-key';
import { type ExportJobResponse, ExportJobResponseSchema } from './schema';

/** A job and its JSON text, ready to serve as is. */
export interface JobRecord {
  job: ExportJobResponse;
  json: string;
}

/** What the store could not give: a stored value that is not a valid job (and why), or no answer
 *  from KV to a read (with no value read before to fall back on) or to a listing. */
export type Unreadable = { kind: 'invalid'; jobId: string; why: string } | { kind: 'unavailable' } | { kind: 'unlisted' };

/** One job: found, absent (not seeded), or unreadable. */
export type Lookup = { kind: 'found'; record: JobRecord } | { kind: 'absent' } | Unreadable;

/** An application's explicit endpoints: found (with a digest of the stored value), absent (exports are generated), or unreadable. */
export type EndpointsLookup = { kind: 'found'; fixture: EndpointFixture; raw: string; digest: string } | { kind: 'absent' } | Unreadable;

/** An application's seeded jobs, or the first thing that kept them from being listed. */
export type Listing = { kind: 'listed'; records: JobRecord[] } | Unreadable;

/** The seeded exports a bucket's index names under a prefix, or no answer from KV. */
export type IndexListing = { kind: 'listed'; exports: IndexedExport[] } | { kind: 'unlisted' };

type Remembered = Exclude<Lookup, { kind: 'unavailable' | 'unlisted' }>;

const ABSENT = Object.freeze({ kind: 'absent' as const });

export class FixtureStore {
  private readonly cache: TtlCache<Remembered>;
  private readonly lists: TtlCache<JobRecord[]>;
  private readonly indexes: TtlCache<IndexedExport[]>;
  private readonly endpointFixtures: TtlCache<Exclude<EndpointsLookup, { kind: 'unavailable' | 'unlisted' }>>;

  constructor(
    private readonly kv: KVNamespace,
    private readonly settings: Config,
  ) {
    this.cache = new TtlCache(settings.cacheTtlMs, settings.cacheMaxEntries);
    this.lists = new TtlCache(settings.cacheTtlMs, settings.cacheMaxEntries);
    this.indexes = new TtlCache(settings.cacheTtlMs, settings.cacheMaxEntries);
    this.endpointFixtures = new TtlCache(settings.cacheTtlMs, settings.cacheMaxEntries);
  }

  /** The application's explicit endpoints (KV `endpoints:{ApplicationId}`), checked again on the
   *  way out as a job is; through the same kind of cache, with the same fallback. */
  async endpoints(applicationId: string, now = Date.now()): Promise<EndpointsLookup> {
    const key = endpointsKey(applicationId);
    const previous = this.endpointFixtures.stale(key);
    return (
      this.endpointFixtures.get(key, now) ??
      (await this.read(this.endpointFixtures, key, async (raw) => {
        if (raw === null) return ABSENT;
        if (previous?.kind === 'found' && previous.raw === raw) return previous; // unchanged: parsed and digested once
        const read = readFixtureFile(raw);
        const fixture = read.endpoints?.ApplicationId === applicationId ? read.endpoints : undefined;
        if (fixture) return { kind: 'found', fixture, raw, digest: await digestOf(raw) };
        const why = read.problems[0]
          ? `${read.problems[0].path}: ${read.problems[0].reason}`
          : 'it is not the endpoints of this application.';
        console.error(`invalid fixture at ${key}: ${why}`);
        return { kind: 'invalid', jobId: key, why };
      }))
    );
  }

  /** The seeded job, its absence, or why it cannot be given; from the cache while its window lasts. */
  async find(ref: JobRef, now = Date.now()): Promise<Lookup> {
    const key = jobKey(ref);
    return (
      this.cache.get(key, now) ?? (await this.read(this.cache, key, async (raw) => (raw === null ? ABSENT : parseStoredJob(raw, ref))))
    );
  }

  /** What find would give from the cache alone, at once; undefined when KV must be read. */
  cached(ref: JobRef, now = Date.now()): Lookup | undefined {
    return this.cache.get(jobKey(ref), now);
  }

  /** The seeded jobs of an application, in no order; a listing that failed is not remembered. */
  listApplication(applicationId: string, now = Date.now()): Promise<Listing> {
    return this.listPrefix(jobKey({ applicationId, jobId: '' }), now);
  }

  /** The seeded exports of `bucket` whose folders start with `keyPrefix` (seeding's bucket index,
   *  kv-key.ts), in no order: no value is read, and nothing of other buckets or folders. */
  async bucketIndex(bucket: string, keyPrefix: string, now = Date.now()): Promise<IndexListing> {
    const prefix = bucketIndexPrefix(bucket, keyPrefix);
    const cached = this.indexes.get(prefix, now);
    if (cached) return { kind: 'listed', exports: cached };
    const names = await this.keysUnder(prefix);
    if (!names) return { kind: 'unlisted' };
    const exports = names.map((name) => indexedExportOf(name, bucket));
    this.indexes.set(prefix, exports, Date.now());
    return { kind: 'listed', exports };
  }

  /** Every key under `prefix`, page after page (KV gives at most 1,000 a page); null when KV fails. */
  private async keysUnder(prefix: string): Promise<string[] | null> {
    const names: string[] = [];
    try {
      for (let cursor: string | undefined, done = false; !done; ) {
        const page: KVNamespaceListResult<unknown> = await this.kv.list({ prefix, ...(cursor ? { cursor } : {}) });
        names.push(...page.keys.map(({ name }) => name));
        [done, cursor] = page.list_complete ? [true, undefined] : [false, page.cursor];
      }
    } catch (error) {
      console.error(`KV list of ${prefix} failed:`, error);
      return null;
    }
    return names;
  }

  private async listPrefix(prefix: string, now: number): Promise<Listing> {
    const key = `list:${prefix}`;
    const cached = this.lists.get(key, now);
    if (cached) return { kind: 'listed', records: cached };
    const names = await this.keysUnder(prefix);
    if (!names) return { kind: 'unlisted' };
    const records: JobRecord[] = [];
    for (const found of await Promise.all(names.map((name) => this.find(refOfKey(name), now)))) {
      if (found.kind === 'found') records.push(found.record);
      else if (found.kind !== 'absent') return found;
    }
    this.lists.set(key, records, Date.now());
    return { kind: 'listed', records };
  }

  /** One KV read, remembered for a window. If it fails, the last value read is served for one more window. */
  private async read<T>(cache: TtlCache<T>, key: string, parse: (raw: string | null) => Promise<T>): Promise<T | { kind: 'unavailable' }> {
    let raw: string | null;
    try {
      raw = await this.kv.get(key, { cacheTtl: this.settings.kvCacheTtlS });
    } catch (error) {
      const previous = cache.stale(key);
      console.error(`KV read of ${key} failed${previous ? '; serving the last value read' : ''}:`, error);
      if (!previous) return { kind: 'unavailable' };
      cache.set(key, previous, Date.now()); // served for one more window, then read again
      return previous;
    }
    const found = await parse(raw);
    cache.set(key, found, Date.now());
    return found;
  }
}

/** A digest of a stored value: what keys the objects generated from it (exports/object-cache.ts). */
async function digestOf(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The job a stored value holds, or why it holds none (logged). */
function parseStoredJob(raw: string, ref: JobRef): Remembered {
  const invalid = (why: string): Remembered => {
    console.error(`invalid fixture at ${jobKey(ref)}: ${why}`);
    return { kind: 'invalid', jobId: ref.jobId, why };
  };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return invalid('it is not JSON.');
  }
  const result = v.safeParse(ExportJobResponseSchema, value);
  if (!result.success) {
    const [first] = result.issues;
    return invalid(`${v.getDotPath(first) ?? '(root)'}: ${first.message}.`);
  }
  if (result.output.ApplicationId !== ref.applicationId || result.output.Id !== ref.jobId) {
    return invalid('its ApplicationId and Id do not match its key.');
  }
  return { kind: 'found', record: { job: result.output, json: JSON.stringify(result.output) } };
}
