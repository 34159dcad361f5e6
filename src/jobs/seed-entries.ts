// What seeding writes to KV for one seeded job: the job under its key, and its line in the
// bucket index (kv-key.ts) that lets an S3 request find the jobs of its bucket without reading
// any other. Pure: the seeder (node/fixtures.ts) and the Workers specs that seed KV share it.
import { parseS3Url } from '../exports/pieces';
import { Invalid } from '../invalid';
import { bucketIndexKey, jobKey, MAX_KV_KEY_BYTES } from './kv-key';
import type { ExportJobResponse } from './schema';

/** A KV entry as `wrangler kv bulk put` takes it; the metadata lets `GET /` list jobs without reading them. */
export interface SeedEntry {
  key: string;
  value: string;
  metadata?: { JobStatus: string } | { Endpoints: number }; // a job's, or an application's endpoints fixture's
}

/** The job's entries, or why its S3UrlPrefix cannot be indexed (the index key would be too long for KV). */
export function jobEntries(job: ExportJobResponse): SeedEntry[] | Invalid {
  const entry: SeedEntry = {
    key: jobKey({ applicationId: job.ApplicationId, jobId: job.Id }),
    value: JSON.stringify(job),
    metadata: { JobStatus: job.JobStatus },
  };
  const location = parseS3Url(job.Definition.S3UrlPrefix);
  if (location instanceof Invalid) return location; // the schema's pattern has let it through: never
  const key = bucketIndexKey(location.bucket, `${location.prefix}${job.Id}/`, job.ApplicationId);
  const bytes = new TextEncoder().encode(key).length;
  if (bytes > MAX_KV_KEY_BYTES) {
    return new Invalid(
      `its S3UrlPrefix is too long for this sandbox's bucket index: the key ${key.slice(0, 64)}… would take ${bytes} bytes, and a KV key at most ${MAX_KV_KEY_BYTES}.`,
    );
  }
  return [entry, { key, value: job.ApplicationId }];
}
