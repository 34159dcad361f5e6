// The KV key of a seeded job (tenants/storage-schema.md). Its IDs are checked before they get here.

/** A job's identity: the two labels of its path. */
export interface JobRef {
  applicationId: string;
  jobId: string;
}

export const JOB_KEY_PREFIX = 'job:';

export const jobKey = (ref: JobRef): string => `${JOB_KEY_PREFIX}${ref.applicationId}:${ref.jobId}`;

/** The job a key names: the inverse of jobKey, for keys that KV lists. */
export function refOfKey(key: string): JobRef {
  const [applicationId = '', jobId = ''] = key.slice(JOB_KEY_PREFIX.length).split(':');
  return { applicationId, jobId };
}

/** The KV key of an application's explicit endpoints (an endpoints fixture, src/exports/endpoint-schema.ts). */
export const ENDPOINTS_KEY_PREFIX = 'endpoints:';

export const endpointsKey = (applicationId: string): string => `${ENDPOINTS_KEY_PREFIX}${applicationId}`;
