// The KV key of a job (storage-schema.md). Its IDs are checked before they get here.
import type { JobRef } from './job-path';

export const JOB_KEY_PREFIX = 'job:';

export const jobKey = (ref: JobRef): string => `${JOB_KEY_PREFIX}${ref.applicationId}:${ref.jobId}`;
