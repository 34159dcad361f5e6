// CreateExportJob: a new job in the caller's tenant, whose life (x-mock-progression without
// start, else the tenant's defaults over the built-in ones) starts now. Nothing is stored unless every check has passed: the
// harness's (an injected error creates nothing), the body's, and the tenant's bound.
import { endpointsOfExport } from '../exports/endpoint-schema';
import { exportSizeProblem } from '../exports/pieces';
import { appliedLife } from '../harness/progress';
import { ApiError, badRequest, orBadRequest } from '../http/errors';
import { asCreated, draftJob, newJobId } from '../jobs/created';
import { parseExportJobRequest } from '../jobs/request';
import { type Call, tenantOf } from './call';
import { pinpointOperation } from './pinpoint-operation';
import { seededEndpoints } from './seeded';

/** How many endpoints the application's endpoints fixture gives an export of it (or of the
 *  segment), which its life then processes; null when it has none. A segment the fixture does not list is a 400. */
async function explicitEndpoints(call: Call, applicationId: string, segmentId: string | undefined): Promise<number | null> {
  const fixture = seededEndpoints(await call.runtime.fixtures.endpoints(applicationId));
  if (!fixture) return null;
  const selected = endpointsOfExport(fixture, segmentId);
  if (!selected)
    throw badRequest(
      `Segment ${segmentId} is not one of application ${applicationId}'s endpoints fixture: add it to the fixture's Segments, or export the whole application.`,
    );
  if (selected.length === 0)
    throw badRequest(`Segment ${segmentId} of application ${applicationId}'s endpoints fixture has no endpoints to export.`); // a life exports at least one
  return selected.length;
}

export const createExportJob = pinpointOperation(async (call, harness) => {
  const request = orBadRequest(parseExportJobRequest(call.body));
  const applicationId = call.labels['application-id'] as string;
  const explicit = await explicitEndpoints(call, applicationId, request.SegmentId);
  const life = harness.progression && (explicit === null ? harness.progression : { ...harness.progression, endpoints: explicit });
  const tooLarge = life && exportSizeProblem(life.endpoints, life.pieces);
  if (tooLarge) throw badRequest(tooLarge.message); // nothing stored: the export could not be generated
  const tenant = tenantOf(call);
  const bounds = tenant.bounds();
  const draft = draftJob(newJobId(), applicationId, request, bounds.calledAtMs);
  const result = await tenant.state.create(draft, life ?? null, bounds, explicit ?? undefined); // without start: see 'from-now'
  if ('full' in result) {
    throw new ApiError(
      'TooManyRequestsException',
      `This tenant (${tenant.name}) holds ${bounds.maxJobs} export jobs, the most it may (TENANT_MAX_JOBS); they are cleared ${call.runtime.settings.tenantTtlS} s after its last request.`,
    );
  }
  const applied = life ? [appliedLife(life)] : [];
  return { status: 202, json: JSON.stringify(asCreated(result.job)), applied };
}, 'from-now');
