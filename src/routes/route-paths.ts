// The paths of the route table (table.ts), apart from its handlers, so that code outside the
// Worker (the package's admin client, the benchmark) can name them without loading the Worker.
export const JOB_PATH = '/v1/apps/{application-id}/jobs/export/{job-id}';
export const JOBS_PATH = '/v1/apps/{application-id}/jobs/export';
export const SEGMENT_JOBS_PATH = '/v1/apps/{application-id}/segments/{segment-id}/jobs/export';
export const INDEX_PATH = '/';
export const ADMIN_PREFIX = '/_sandbox/'; // no Pinpoint path starts so
export const REQUESTS_PATH = `${ADMIN_PREFIX}requests`;
export const RESET_PATH = `${ADMIN_PREFIX}reset`;
export const DEFAULTS_PATH = `${ADMIN_PREFIX}defaults`;
export const OPENAPI_PATH = '/openapi.json';
