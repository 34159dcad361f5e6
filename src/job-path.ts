// Recognises the job resource's path and turns its two labels into checked IDs. The match
// is done here rather than by the router so that an empty label ("/v1/apps//jobs/…") is a
// 400 naming the parameter instead of an unknown path.
import { ApiError } from './errors';
import { ID_PATTERN, ID_RULE } from './ids';

export interface JobRef {
  applicationId: string;
  jobId: string;
}

const JOB_PATH = /^\/v1\/apps\/([^/]*)\/jobs\/export\/([^/]*)\/*$/; // trailing slashes as the router allows them

/** The path of a job's resource: the inverse of parseJobPath. IDs need no encoding (ids.ts). */
export const jobPath = (ref: JobRef): string => `/v1/apps/${ref.applicationId}/jobs/export/${ref.jobId}`;

/** The job a path names, null when the path is not the job resource; throws 400 for bad IDs. */
export function parseJobPath(pathname: string): JobRef | null {
  const match = JOB_PATH.exec(pathname);
  if (!match) return null;
  return { applicationId: checkId('application-id', match[1] ?? ''), jobId: checkId('job-id', match[2] ?? '') };
}

function checkId(parameter: string, raw: string): string {
  let id: string;
  try {
    id = raw.includes('%') ? decodeURIComponent(raw) : raw;
  } catch {
    throw new ApiError('BadRequestException', `Invalid ${parameter}: malformed percent-encoding.`);
  }
  if (!ID_PATTERN.test(id)) {
    throw new ApiError('BadRequestException', `Invalid ${parameter}: it must be ${ID_RULE}.`);
  }
  return id;
}
