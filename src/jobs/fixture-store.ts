// Seeded jobs, read from Workers KV (tenants/storage-schema.md), and checked against the schema on the
// way out, so that a bad or misplaced value is answered as an error for its own job only and
// never as another job's data. KV is eventually consistent and each read costs; reads go
// through this store's cache and ask KV's edge cache to keep the value too. A store belongs
// to one env (runtime.ts), so settings and cache always go together.
import * as v from 'valibot';
import type { Config } from '../config';
import { ApiError } from '../http/errors';
import { TtlCache } from './cache';
import { type JobRef, jobKey, refOfKey } from './kv-key';
import { type ExportJobResponse, ExportJobResponseSchema } from './schema';

/** A job and its JSON text, ready to serve as is. */
export interface JobRecord {
  job: ExportJobResponse;
  json: string;
}

/** What one KV read found: a job, nothing, or a value that is not a valid job (and why). */
type Lookup = JobRecord | null | { invalid: string };

export class FixtureStore {
  // The promise is cached, not its result, so that requests arriving while a read is under way
  // share it: one read per job per window, however many requests come at once.
  private readonly cache: TtlCache<Promise<Lookup>>;
  private readonly lists: TtlCache<Promise<JobRecord[]>>;

  constructor(
    private readonly kv: KVNamespace,
    private readonly settings: Config,
  ) {
    this.cache = new TtlCache(settings.cacheTtlMs, settings.cacheMaxEntries);
    this.lists = new TtlCache(settings.cacheTtlMs, settings.cacheMaxEntries);
  }

  /** The seeded job, or null; a 500 that says why for a value that is not a valid job, or a failed read with nothing to fall back on. */
  async find(ref: JobRef, now = Date.now()): Promise<JobRecord | null> {
    const key = jobKey(ref);
    const found = await this.cache.remember(key, now, () => this.readKv(key, ref));
    if (found && 'invalid' in found) throw new ApiError('InternalServerErrorException', found.invalid);
    return found;
  }

  /** The seeded jobs of an application, in no order; listed from KV at most once per window. */
  async listApplication(applicationId: string, now = Date.now()): Promise<JobRecord[]> {
    const key = `list:${applicationId}`;
    return this.lists.remember(key, now, () => {
      const listing = this.kv.list({ prefix: jobKey({ applicationId, jobId: '' }) }).then(async (listed) => {
        const found = await Promise.all(listed.keys.map(({ name }) => this.find(refOfKey(name), now)));
        return found.filter((record): record is JobRecord => record !== null);
      });
      listing.catch(() => this.lists.delete(key)); // a failed listing is not remembered
      return listing;
    });
  }

  /** One KV read. If it fails, the last value read is served for one more window; with none, a 500 that says so. */
  private readKv(key: string, ref: JobRef): Promise<Lookup> {
    const previous = this.cache.stale(key);
    return this.kv.get(key, { cacheTtl: this.settings.kvCacheTtlS }).then(
      (raw) => (raw === null ? null : parseStoredJob(raw, ref)),
      (error) => {
        console.error(`KV read of ${key} failed${previous ? '; serving the last value read' : ''}:`, error);
        if (previous)
          this.cache.set(key, previous, Date.now()); // served for one more window, then read again
        else this.cache.delete(key);
        if (previous) return previous;
        throw new ApiError('InternalServerErrorException', 'The job could not be read from storage; retry the request.');
      },
    );
  }
}

/** The job a stored value holds, or why it holds none (logged). */
function parseStoredJob(raw: string, ref: JobRef): Lookup {
  const invalid = (why: string) => {
    console.error(`invalid fixture at ${jobKey(ref)}: ${why}`);
    return { invalid: `The stored fixture for job ${ref.jobId} is invalid: ${why}` };
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
  return { job: result.output, json: JSON.stringify(result.output) };
}
