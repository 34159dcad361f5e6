// Applies x-mock-progression (and x-mock-now) to a stored job.
import { ApiError } from '../errors';
import type { ExportJobResponse } from '../export-job-schema';
import { jobAt } from './lifecycle';
import type { Harness } from './parse';

export function progress(job: ExportJobResponse, h: Harness, realNow: number, applied: string[]): ExportJobResponse {
  const now = h.now ?? realNow;
  if (h.now !== undefined) applied.push(`now=${new Date(now).toISOString()}`);
  if (!h.progression) return job;
  const snapshot = jobAt(job, h.progression, now);
  if (!snapshot) {
    applied.push('progression=not-created-yet');
    throw new ApiError('NotFoundException');
  }
  applied.push(`progression=${snapshot.job.JobStatus} ${Math.floor(snapshot.elapsed * 100)}%`);
  return snapshot.job;
}
