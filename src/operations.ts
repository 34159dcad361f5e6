// The operations the sandbox answers, by name: Pinpoint's four and the S3 mount's. One list that
// the route table's paths (routes/route-paths.ts), the journal's wire shape (tenants/schema.ts)
// and its filter all name them from, kept below the routes so storage can name them too.
import { S3_OPERATIONS, type S3Operation } from './s3/operation';

/** Pinpoint's export-job operations, in the order the docs list them. */
export const PINPOINT_OPERATION_NAMES = ['GetExportJob', 'CreateExportJob', 'GetExportJobs', 'GetSegmentExportJobs'] as const;
export type PinpointOperationName = (typeof PINPOINT_OPERATION_NAMES)[number];

/** The one list of the operations the journal records and its `operation` filter takes: Pinpoint's
 *  and the S3 mount's. The journal's types, its filter's check and the docs' list all come from it. */
export const JOURNALED_OPERATIONS: readonly JournaledOperation[] = [...PINPOINT_OPERATION_NAMES, ...S3_OPERATIONS];
export type JournaledOperation = PinpointOperationName | S3Operation;
