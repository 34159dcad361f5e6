// The paths of the route table (table.ts), and Pinpoint's operations on them, apart from their
// handlers, so that code outside the Worker (the package's admin client and its declarations,
// the benchmark) can name them without loading the Worker.
import type { PinpointOperationName } from '../operations';

export { JOURNALED_OPERATIONS, type JournaledOperation, type PinpointOperationName } from '../operations';

export const JOB_PATH = '/v1/apps/{application-id}/jobs/export/{job-id}';
export const JOBS_PATH = '/v1/apps/{application-id}/jobs/export';
export const SEGMENT_JOBS_PATH = '/v1/apps/{application-id}/segments/{segment-id}/jobs/export';
export const INDEX_PATH = '/';
export const ADMIN_PREFIX = '/_sandbox/'; // no Pinpoint path starts so
export const REQUESTS_PATH = `${ADMIN_PREFIX}requests`;
export const RESET_PATH = `${ADMIN_PREFIX}reset`;
export const DEFAULTS_PATH = `${ADMIN_PREFIX}defaults`;
export const OPENAPI_PATH = '/openapi.json';
/** Issue #18: the S3-compatible read API over the exports, path-style (`/_s3/{bucket}/{key…}`). */
export const S3_MOUNT = '/_s3';
/** Every path under the mount, and the mount itself: S3's, answered in S3's shape and signed for service s3. */
export const S3_PATTERN = new RegExp(`^${S3_MOUNT}(?:/.*)?$`, 's');

/** Pinpoint's operations, each with its method and path; table.ts gives each one its handler. */
export const PINPOINT_OPERATIONS = {
  GetExportJob: { method: 'GET', path: JOB_PATH },
  CreateExportJob: { method: 'POST', path: JOBS_PATH },
  GetExportJobs: { method: 'GET', path: JOBS_PATH },
  GetSegmentExportJobs: { method: 'GET', path: SEGMENT_JOBS_PATH },
} as const satisfies Record<PinpointOperationName, { method: string; path: string }>;
