// GetExportJob: a seeded job from KV (served without touching a Durable Object), else a job
// the caller's tenant created; either as it stands now, or in an x-mock-progression.

import type { ParsedHarness } from '../harness/parse';
import { progress } from '../harness/progress';
import type { Progression } from '../harness/progression-header';
import { ApiError } from '../http/errors';
import { asCreated, lifeOf } from '../jobs/created';
import type { Lookup } from '../jobs/fixture-store';
import type { JobRef } from '../jobs/kv-key';
import type { ExportJobResponse } from '../jobs/schema';
import { type Call, tenantOf } from './call';
import { type Answer, pinpointOperation } from './pinpoint-operation';
import { seededJob } from './seeded';

/** A job the caller's tenant created, with its life; looked for only when no seeded job has the id. */
async function findCreated(call: Call, applicationId: string, jobId: string) {
  const tenant = tenantOf(call);
  const created = await tenant.state.find(applicationId, jobId, tenant.bounds());
  return created && { job: asCreated(created), life: lifeOf(created) };
}

export const getExportJob = pinpointOperation((call, harness) => {
  const ref = { applicationId: call.labels['application-id'] as string, jobId: call.labels['job-id'] as string };
  const { fixtures } = call.runtime;
  const cached = fixtures.cached(ref); // most reads: the job in the isolate's cache, answered without waiting
  return cached ? answer(call, harness, ref, cached) : fixtures.find(ref).then((lookup) => answer(call, harness, ref, lookup));
}, 'replayed');

/** GetExportJob's answer once KV's is known: the seeded job, else the tenant's created one. */
function answer(call: Call, harness: ParsedHarness, ref: JobRef, lookup: Lookup): Answer | Promise<Answer> {
  const seeded = seededJob(lookup);
  if (seeded) return progressed(harness, seeded.job, seeded.json, undefined, true);
  return findCreated(call, ref.applicationId, ref.jobId).then((created) => {
    if (!created) throw new ApiError('NotFoundException');
    return progressed(harness, created.job, '', created.life, false);
  });
}

/** The job as it stands now, or in an x-mock-progression. A created job always has a life, so its
 *  JSON is built from its stage; a seeded one's is served as read. */
function progressed(harness: ParsedHarness, job: ExportJobResponse, json: string, life: Progression | undefined, seeded: boolean): Answer {
  const progression = harness.progression as Progression | undefined; // 'replayed': it has a start
  const result = progress(job, json, progression ?? life, harness.now ?? Date.now(), harness.now !== undefined);
  // A created job's own life is not the harness's doing: x-mock-applied reports only a header's.
  const applied = progression || seeded ? result.applied : result.applied.filter((part) => !part.startsWith('progression='));
  if (result.json === null) throw new ApiError('NotFoundException', undefined, { applied });
  return { status: 200, json: result.json, applied };
}
