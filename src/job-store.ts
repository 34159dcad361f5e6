// Reads jobs from Workers KV (key scheme: storage-schema.md). A stored value is trusted only
// after it passes the same schema the seeder applies and names the job its key names, so a
// hand-written or hostile value yields a 500 for that job alone, never another job's data.
import * as v from 'valibot';
import { ApiError } from './errors';
import { type ExportJobResponse, ExportJobResponseSchema } from './export-job-schema';
import { jobKey } from './job-key';
import type { JobRef } from './job-path';

export async function readJob(kv: KVNamespace, ref: JobRef): Promise<ExportJobResponse | null> {
  const raw = await kv.get(jobKey(ref));
  return raw === null ? null : parseStoredJob(raw, ref);
}

/** The job a stored value holds; throws a 500 that says the fixture is invalid, and why. */
export function parseStoredJob(raw: string, ref: JobRef): ExportJobResponse {
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
