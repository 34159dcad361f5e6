// GetExportJobs and GetSegmentExportJobs, from one factory: the seeded jobs of the application
// (KV) and the caller's created ones (its Durable Object), merged in one order and paged by
// NextToken (jobs/paging.ts). Created jobs are shown as they stand now (or at x-mock-now).
import type { ParsedHarness } from '../harness/parse';
import { appliedNow } from '../harness/progress';
import { orBadRequest } from '../http/errors';
import { type CreatedJob, standingAt } from '../jobs/created';
import { type Cursor, decodeToken, encodeToken, isAfter, type Listed, pageOf, parsePageSize } from '../jobs/paging';
import type { ExportJobResponse } from '../jobs/schema';
import { type Call, tenantOf } from './call';
import { pinpointOperation } from './pinpoint-operation';
import { seededJobs } from './seeded';

/** A created job as it stands at `now`, which is never before its creation (the listing leaves those out). */
function standing(created: CreatedJob, now: number): Listed<ExportJobResponse> {
  const item = standingAt(created, Math.max(now, created.createdMs)) as ExportJobResponse;
  return { createdMs: created.createdMs, id: created.id, item };
}

async function seeded(
  call: Call,
  applicationId: string,
  segmentId: string | null,
  after: Cursor | null,
): Promise<Listed<ExportJobResponse>[]> {
  const records = seededJobs(await call.runtime.fixtures.listApplication(applicationId));
  return records
    .filter(({ job }) => segmentId === null || job.Definition.SegmentId === segmentId)
    .map(({ job }) => ({ createdMs: Date.parse(job.CreationDate), id: job.Id, item: job }))
    .filter((listed) => isAfter(listed, after));
}

/** A list operation; `segmented` when the path names a segment. */
const listExportJobs = (segmented: boolean) =>
  pinpointOperation(async (call: Call, harness: ParsedHarness) => {
    const applicationId = call.labels['application-id'] as string;
    const segmentId = segmented ? (call.labels['segment-id'] as string) : null;
    const query = call.url.searchParams;
    const size = orBadRequest(parsePageSize(query.get('page-size')));
    const tenant = tenantOf(call);
    const listing = `${tenant.name}\n${applicationId}\n${segmentId ?? ''}`;
    const token = query.get('token');
    const after = token === null || token === '' ? null : orBadRequest(decodeToken(token, listing));
    const now = harness.now ?? Date.now();
    const [fixtures, created] = await Promise.all([
      seeded(call, applicationId, segmentId, after),
      tenant.state.list(applicationId, segmentId, after, size + 1, now, tenant.bounds()),
    ]);
    const { page, last } = pageOf([fixtures, created.map((job) => standing(job, now))], size);
    const body = { Item: page.map((listed) => listed.item), ...(last ? { NextToken: encodeToken(last, listing) } : {}) };
    return { status: 200, json: JSON.stringify(body), applied: appliedNow(now, harness.now !== undefined) };
  }, 'none');

export const getExportJobs = listExportJobs(false);
export const getSegmentExportJobs = listExportJobs(true);
