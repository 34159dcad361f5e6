// Reads jobs from Workers KV (key scheme: storage-schema.md). A stored value is trusted only
// after it passes the same schema the seeder applies and names the job its key names, so a
// hand-written or hostile value yields a 500 for that job alone, never another job's data.
// KV is eventually consistent and each read costs; reads go through an in-isolate cache and
// ask KV's edge cache to keep the value too.
import * as v from 'valibot';
import type { Config } from './config';
import { ApiError } from './errors';
import { type ExportJobResponse, ExportJobResponseSchema } from './export-job-schema';
import { JobCache } from './job-cache';
import { jobKey } from './job-key';
import type { JobRef } from './job-path';

/** A job as read: the checked object and its JSON text, ready to serve as is. */
export interface StoredJob {
  job: ExportJobResponse;
  json: string;
}
type Read = StoredJob | null | ApiError;

// The promise is cached, not its result, so that requests arriving while a read is under way
// share it: one read per job per window, however many requests come at once.
let cache: JobCache<Promise<Read>> | null = null;

export async function readJob(kv: KVNamespace, ref: JobRef, settings: Config, now = Date.now()): Promise<StoredJob | null> {
  cache ??= new JobCache(settings.cacheTtlMs, settings.cacheMaxEntries);
  const key = jobKey(ref);
  let pending = cache.get(key, now);
  if (pending === undefined) {
    pending = read(kv, key, ref, settings, cache.stale(key));
    cache.set(key, pending, now);
  }
  const found = await pending;
  if (found instanceof ApiError) throw found;
  return found;
}

/** One KV read. If it fails, the last value read is served for one more window; with none, a 500 that says so. */
function read(kv: KVNamespace, key: string, ref: JobRef, settings: Config, previous: Promise<Read> | undefined): Promise<Read> {
  return kv.get(key, { cacheTtl: settings.kvCacheTtlS }).then(
    (raw) => (raw === null ? null : checked(raw, ref)),
    (error) => {
      console.error(`KV read of ${key} failed${previous ? '; serving the last value read' : ''}:`, error);
      if (previous)
        cache?.set(key, previous, Date.now()); // served for one more window, then read again
      else cache?.delete(key);
      return previous ?? new ApiError('InternalServerErrorException', 'The job could not be read from storage; retry the request.');
    },
  );
}

function checked(raw: string, ref: JobRef): StoredJob | ApiError {
  try {
    const job = parseStoredJob(raw, ref);
    return { job, json: JSON.stringify(job) };
  } catch (error) {
    return error as ApiError;
  }
}

/** The job a stored value holds; throws a 500 that says the fixture is invalid, and why. */
function parseStoredJob(raw: string, ref: JobRef): ExportJobResponse {
  const problem = (why: string) => {
    console.error(`invalid fixture at ${jobKey(ref)}: ${why}`);
    return new ApiError('InternalServerErrorException', `The stored fixture for job ${ref.jobId} is invalid: ${why}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw problem('it is not JSON.');
  }
  const result = v.safeParse(ExportJobResponseSchema, value);
  if (!result.success) {
    const [first] = result.issues;
    throw problem(`${v.getDotPath(first) ?? '(root)'}: ${first.message}.`);
  }
  if (result.output.ApplicationId !== ref.applicationId || result.output.Id !== ref.jobId) {
    throw problem('its ApplicationId and Id do not match its key.');
  }
  return result.output;
}
