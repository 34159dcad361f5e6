// GetExportJob: a seeded job from KV (served without touching a Durable Object), else a job
// the caller's tenant created; either as it stands now, or in an x-mock-progression.
import { progress } from '../harness/progress';
import { PROGRESSION_GRAMMAR, type Progression, type ProgressionHeader } from '../harness/progression-header';
import { ApiError, badRequest } from '../http/errors';
import { invalidHeader } from '../invalid';
import { asCreated, lifeOf } from '../jobs/created';
import type { JobRecord } from '../jobs/fixture-store';
import { tenantFor } from '../tenants/client';
import type { Call } from './call';
import { pinpointOperation } from './pinpoint-operation';

const started = (p: ProgressionHeader): p is Progression => p.start !== undefined;

/** A job the caller's tenant created, with its life; looked for only when no seeded job has the id. */
async function findCreated(call: Call, applicationId: string, jobId: string): Promise<(JobRecord & { life: Progression }) | null> {
  const tenant = tenantFor(call);
  const created = tenant && (await tenant.state.find(applicationId, jobId, tenant.bounds()));
  if (!created) return null;
  const job = asCreated(created);
  return { job, json: JSON.stringify(job), life: lifeOf(created) };
}

export const getExportJob = pinpointOperation(async (call, harness) => {
  const { progression } = harness;
  if (progression && !started(progression)) {
    throw badRequest(invalidHeader('x-mock-progression', `a start on a GET: ${PROGRESSION_GRAMMAR}`, 'no start').message);
  }
  const [applicationId, jobId] = [call.labels['application-id'] as string, call.labels['job-id'] as string];
  const found: (JobRecord & { life?: Progression }) | null =
    (await call.runtime.fixtures.find({ applicationId, jobId })) ?? (await findCreated(call, applicationId, jobId));
  if (!found) throw new ApiError('NotFoundException');
  const progressed = progress(found.job, found.json, progression ?? found.life, harness.now ?? Date.now(), harness.now !== undefined);
  // A created job's own life is not the harness's doing: x-mock-applied reports only a header's.
  const applied = progression || !found.life ? progressed.applied : progressed.applied.filter((part) => !part.startsWith('progression='));
  if (progressed.json === null) throw new ApiError('NotFoundException', undefined, { applied });
  return { status: 200, json: progressed.json, applied };
});
