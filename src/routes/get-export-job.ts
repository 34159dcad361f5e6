// GetExportJob: a seeded job from KV (served without touching a Durable Object), else a job
// the caller's tenant created; either as it stands now, or in an x-mock-progression.
import { progress } from '../harness/progress';
import type { Progression } from '../harness/progression-header';
import { ApiError } from '../http/errors';
import { asCreated, lifeOf } from '../jobs/created';
import { type Call, tenantOf } from './call';
import { pinpointOperation } from './pinpoint-operation';
import { seededJob } from './seeded';

/** A job the caller's tenant created, with its life; looked for only when no seeded job has the id. */
async function findCreated(call: Call, applicationId: string, jobId: string) {
  const tenant = tenantOf(call);
  const created = await tenant.state.find(applicationId, jobId, tenant.bounds());
  return created && { job: asCreated(created), life: lifeOf(created) };
}

export const getExportJob = pinpointOperation(async (call, harness) => {
  const progression = harness.progression as Progression | undefined; // 'replayed': it has a start
  const [applicationId, jobId] = [call.labels['application-id'] as string, call.labels['job-id'] as string];
  const seeded = seededJob(await call.runtime.fixtures.find({ applicationId, jobId }));
  const created = seeded ? null : await findCreated(call, applicationId, jobId);
  const job = seeded?.job ?? created?.job;
  if (!job) throw new ApiError('NotFoundException');
  // A created job always has a life, so its JSON is built from its stage; a seeded one's is served as read.
  const progressed = progress(job, seeded?.json ?? '', progression ?? created?.life, harness.now ?? Date.now(), harness.now !== undefined);
  // A created job's own life is not the harness's doing: x-mock-applied reports only a header's.
  const applied = progression || seeded ? progressed.applied : progressed.applied.filter((part) => !part.startsWith('progression='));
  if (progressed.json === null) throw new ApiError('NotFoundException', undefined, { applied });
  return { status: 200, json: progressed.json, applied };
}, 'replayed');
