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
import { endpointsKey, JOB_KEY_PREFIX, type JobRef, jobKey, refOfKey } from './kv-key';
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

/** An application's explicit endpoints: found, absent (exports are generated), or unreadable. */
export type EndpointsLookup = { kind: 'found'; fixture: EndpointFixture } | { kind: 'absent' } | Unreadable;

/** An application's seeded jobs, or the first thing that kept them from being listed. */
export type Listing = { kind: 'listed'; records: JobRecord[] } | Unreadable;

type Remembered = Exclude<Lookup, { kind: 'unavailable' | 'unlisted' }>;

const ABSENT: Remembered = Object.freeze({ kind: 'absent' });

export class FixtureStore {
  private readonly cache: TtlCache<Remembered>;
  private readonly lists: TtlCache<JobRecord[]>;
  private readonly endpointFixtures: TtlCache<Exclude<EndpointsLookup, { kind: 'unavailable' | 'unlisted' }>>;

  constructor(
    private readonly kv: KVNamespace,
    private readonly settings: Config,
  ) {
    this.cache = new TtlCache(settings.cacheTtlMs, settings.cacheMaxEntries);
    this.lists = new TtlCache(settings.cacheTtlMs, settings.cacheMaxEntries);
    this.endpointFixtures = new TtlCache(settings.cacheTtlMs, settings.cacheMaxEntries);
  }

  /** The application's explicit endpoints (KV `endpoints:{ApplicationId}`), checked again on the
   *  way out as a job is; through the same kind of cache. */
  async endpoints(applicationId: string, now = Date.now()): Promise<EndpointsLookup> {
    const key = endpointsKey(applicationId);
    const cached = this.endpointFixtures.get(key, now);
    if (cached) return cached;
    let raw: string | null;
    try {
      raw = await this.kv.get(key, { cacheTtl: this.settings.kvCacheTtlS });
    } catch (error) {
      console.error(`KV read of ${key} failed:`, error);
      return { kind: 'unavailable' };
    }
    let found: Exclude<EndpointsLookup, { kind: 'unavailable' | 'unlisted' }> = { kind: 'absent' };
    if (raw !== null) {
      const read = readFixtureFile(raw);
      const fixture = read.endpoints?.ApplicationId === applicationId ? read.endpoints : undefined;
      if (fixture) found = { kind: 'found', fixture };
      else {
        const why = read.problems[0]
          ? `${read.problems[0].path}: ${read.problems[0].reason}`
          : 'it is not the endpoints of this application.';
        console.error(`invalid fixture at ${key}: ${why}`);
        found = { kind: 'invalid', jobId: key, why };
      }
    }
    this.endpointFixtures.set(key, found, Date.now());
    return found;
  }

  /** The seeded job, its absence, or why it cannot be given; from the cache while its window lasts. */
  async find(ref: JobRef, now = Date.now()): Promise<Lookup> {
    const key = jobKey(ref);
    return this.cache.get(key, now) ?? (await this.readKv(key, ref));
  }

  /** The seeded jobs of an application, in no order; a listing that failed is not remembered. */
  listApplication(applicationId: string, now = Date.now()): Promise<Listing> {
    return this.listPrefix(jobKey({ applicationId, jobId: '' }), now);
  }

  /** Every seeded job, of every application, in no order: what the S3 API's buckets hold for every caller. */
  listAll(now = Date.now()): Promise<Listing> {
    return this.listPrefix(JOB_KEY_PREFIX, now);
  }

  private async listPrefix(prefix: string, now: number): Promise<Listing> {
    const key = `list:${prefix}`;
    const cached = this.lists.get(key, now);
    if (cached) return { kind: 'listed', records: cached };
    const names: string[] = [];
    try {
      for (let cursor: string | undefined, done = false; !done; ) {
        const page: KVNamespaceListResult<unknown> = await this.kv.list({ prefix, ...(cursor ? { cursor } : {}) });
        names.push(...page.keys.map(({ name }) => name));
        [done, cursor] = page.list_complete ? [true, undefined] : [false, page.cursor];
      }
    } catch (error) {
      console.error(`KV list of ${prefix} failed:`, error);
      return { kind: 'unlisted' };
    }
    const records: JobRecord[] = [];
    for (const found of await Promise.all(names.map((name) => this.find(refOfKey(name), now)))) {
      if (found.kind === 'found') records.push(found.record);
      else if (found.kind !== 'absent') return found;
    }
    this.lists.set(key, records, Date.now());
    return { kind: 'listed', records };
  }

  /** One KV read, remembered for a window. If it fails, the last value read is served for one more window. */
  private async readKv(key: string, ref: JobRef): Promise<Lookup> {
    let raw: string | null;
    try {
      raw = await this.kv.get(key, { cacheTtl: this.settings.kvCacheTtlS });
    } catch (error) {
      const previous = this.cache.stale(key);
      console.error(`KV read of ${key} failed${previous ? '; serving the last value read' : ''}:`, error);
      if (!previous) return { kind: 'unavailable' };
      this.cache.set(key, previous, Date.now()); // served for one more window, then read again
      return previous;
    }
    const found = raw === null ? ABSENT : parseStoredJob(raw, ref);
    this.cache.set(key, found, Date.now());
    return found;
  }
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
