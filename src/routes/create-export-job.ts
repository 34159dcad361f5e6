// CreateExportJob: a new job in the caller's tenant, whose life (x-mock-progression without
// start, else the defaults) starts now. Nothing is stored unless every check has passed: the
// harness's (an injected error creates nothing), the body's, and the tenant's bound.
import { ApiError, badRequest } from '../http/errors';
import { Invalid, invalidHeader } from '../invalid';
import { asCreated, createdJob, newJobId } from '../jobs/created';
import { parseExportJobRequest } from '../jobs/request';
import { DEFAULT_CREATED_LIFE, PROGRESSION } from '../limits';
import { tenantFor } from '../tenants/client';
import { noTenants } from './get-export-job';
import { pinpointOperation } from './pinpoint-operation';

const DEFAULT_LIFE = { ...DEFAULT_CREATED_LIFE, endpoints: DEFAULT_CREATED_LIFE.pieces * PROGRESSION.endpointsPerPiece };

export const createExportJob = pinpointOperation(async (call, harness) => {
  const { progression } = harness;
  if (progression?.start !== undefined) {
    throw badRequest(
      invalidHeader('x-mock-progression', 'no start on CreateExportJob: the job starts when it is created', `start=${progression.start}`)
        .message,
    );
  }
  const request = parseExportJobRequest(call.body);
  if (request instanceof Invalid) throw badRequest(request.message);
  const tenant = tenantFor(call) ?? noTenants();
  const bounds = tenant.bounds();
  const job = createdJob(newJobId(), call.labels['application-id'] as string, request, progression ?? DEFAULT_LIFE, bounds.now);
  const result = await tenant.state.create(job, bounds);
  if ('full' in result) {
    throw new ApiError(
      'TooManyRequestsException',
      `This tenant (${tenant.name}) holds ${bounds.maxJobs} export jobs, the most it may (TENANT_MAX_JOBS); they are cleared ${call.runtime.settings.tenantTtlS} s after its last request.`,
    );
  }
  return { status: 202, json: JSON.stringify(asCreated(job)) };
});
