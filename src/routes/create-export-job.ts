// CreateExportJob: a new job in the caller's tenant, whose life (x-mock-progression without
// start, else the tenant's defaults over the built-in ones) starts now. Nothing is stored unless every check has passed: the
// harness's (an injected error creates nothing), the body's, and the tenant's bound.
import { exportSizeProblem } from '../exports/pieces';
import { appliedLife } from '../harness/progress';
import { ApiError, badRequest, orBadRequest } from '../http/errors';
import { asCreated, draftJob, newJobId } from '../jobs/created';
import { parseExportJobRequest } from '../jobs/request';
import { tenantOf } from './call';
import { pinpointOperation } from './pinpoint-operation';

export const createExportJob = pinpointOperation(async (call, harness) => {
  const request = orBadRequest(parseExportJobRequest(call.body));
  const tooLarge = harness.progression && exportSizeProblem(harness.progression.endpoints, harness.progression.pieces);
  if (tooLarge) throw badRequest(tooLarge.message); // nothing stored: the export could not be generated
  const tenant = tenantOf(call);
  const bounds = tenant.bounds();
  const draft = draftJob(newJobId(), call.labels['application-id'] as string, request, bounds.calledAtMs);
  const result = await tenant.state.create(draft, harness.progression ?? null, bounds); // without start: see 'from-now'
  if ('full' in result) {
    throw new ApiError(
      'TooManyRequestsException',
      `This tenant (${tenant.name}) holds ${bounds.maxJobs} export jobs, the most it may (TENANT_MAX_JOBS); they are cleared ${call.runtime.settings.tenantTtlS} s after its last request.`,
    );
  }
  const applied = harness.progression ? [appliedLife(harness.progression)] : [];
  return { status: 202, json: JSON.stringify(asCreated(result.job)), applied };
}, 'from-now');
