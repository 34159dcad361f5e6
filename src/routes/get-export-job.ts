// GetExportJob: a seeded job from KV, as stored or as it stands in an x-mock-progression.
import { invalidHeader } from '../harness/invalid';
import { progress } from '../harness/progress';
import { PROGRESSION_GRAMMAR, type Progression, type ProgressionHeader } from '../harness/progression-header';
import { ApiError, badRequest } from '../http/errors';
import { pinpointOperation } from './pinpoint-operation';

const started = (p: ProgressionHeader): p is Progression => p.start !== undefined;

export const getExportJob = pinpointOperation(async ({ runtime, labels }, harness) => {
  const { progression } = harness;
  if (progression && !started(progression)) {
    throw badRequest(invalidHeader('x-mock-progression', `a start on a GET: ${PROGRESSION_GRAMMAR}`, 'no start').message);
  }
  const found = await runtime.fixtures.find({ applicationId: labels['application-id'] as string, jobId: labels['job-id'] as string });
  if (!found) throw new ApiError('NotFoundException');
  const progressed = progress(found.job, found.json, progression, harness.now ?? Date.now(), harness.now !== undefined);
  if (progressed.json === null) throw new ApiError('NotFoundException', undefined, { applied: progressed.applied });
  return { status: 200, json: progressed.json, applied: progressed.applied };
});
