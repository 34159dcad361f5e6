// THE route table: every path the sandbox serves, with its methods, operation names and
// handlers. The router, `Allow`, the CORS preflight's allowed methods, the OpenAPI document,
// the index's list of operations and the benchmark's paths all derive from it. HEAD is
// served wherever GET is, and OPTIONS (the CORS preflight) on every path; any other method on
// a path here is a 405. To add a Pinpoint operation: its method and path in route-paths.ts,
// its handler in routes/ and in PINPOINT_HANDLERS; a sandbox operation: a row of SANDBOX_ROUTES.
import type { JobRef } from '../jobs/kv-key';
import { clearRequests, getDefaults, listRequests, putDefaults, resetTenant } from './admin';
import { ownAsset } from './assets';
import type { Handler } from './call';
import { createExportJob } from './create-export-job';
import { getExportJob } from './get-export-job';
import { getExportJobs, getSegmentExportJobs } from './list-export-jobs';
import { fillPath } from './paths';
import { sandboxIndex } from './sandbox-index';
import type { IndexedOperation } from './sandbox-index-schema';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface RouteRow {
  method: Method;
  path: string; // template, as the API reference writes it
  operation: string; // the operationId; scripts/docs/operations.ts documents each one
  handler: Handler;
}

export interface Route extends RouteRow {
  operation: OperationName;
  pinpoint: boolean; // a Pinpoint operation (harness headers, Pinpoint's errors), or the sandbox's own
}

import {
  ADMIN_PREFIX,
  DEFAULTS_PATH,
  INDEX_PATH,
  JOB_PATH,
  JOURNALED_OPERATIONS,
  OPENAPI_PATH,
  PINPOINT_OPERATIONS,
  type PinpointOperationName,
  REQUESTS_PATH,
  RESET_PATH,
} from './route-paths';

export * from './route-paths';

/** The path of a job's resource. */
export const jobPath = ({ applicationId, jobId }: JobRef): string =>
  fillPath(JOB_PATH, { 'application-id': applicationId, 'job-id': jobId });

const PINPOINT_HANDLERS: Record<PinpointOperationName, Handler> = {
  GetExportJob: getExportJob,
  CreateExportJob: createExportJob,
  GetExportJobs: getExportJobs,
  GetSegmentExportJobs: getSegmentExportJobs,
};

const SANDBOX_ROUTES = [
  { method: 'GET', path: REQUESTS_PATH, operation: 'ListRequests', handler: listRequests(() => JOURNALED_OPERATIONS) },
  { method: 'DELETE', path: REQUESTS_PATH, operation: 'ClearRequests', handler: clearRequests },
  { method: 'POST', path: RESET_PATH, operation: 'ResetTenant', handler: resetTenant },
  { method: 'GET', path: DEFAULTS_PATH, operation: 'GetDefaults', handler: getDefaults },
  { method: 'PUT', path: DEFAULTS_PATH, operation: 'PutDefaults', handler: putDefaults },
  { method: 'GET', path: INDEX_PATH, operation: 'SandboxIndex', handler: (call) => sandboxIndex(call, apiOperations(), jobPath) },
  { method: 'GET', path: OPENAPI_PATH, operation: 'OpenApiDocument', handler: ({ request, env }) => ownAsset(request, env, OPENAPI_PATH) },
] as const satisfies readonly RouteRow[];

export type OperationName = PinpointOperationName | (typeof SANDBOX_ROUTES)[number]['operation'];

/** The names of the Pinpoint operations, as the journal and its filter use them. */
export const pinpointOperations = (): PinpointOperationName[] => Object.keys(PINPOINT_OPERATIONS) as PinpointOperationName[];

export const ROUTES: readonly Route[] = [
  ...pinpointOperations().map((operation) => ({
    ...PINPOINT_OPERATIONS[operation],
    operation,
    handler: PINPOINT_HANDLERS[operation],
    pinpoint: true,
  })),
  ...SANDBOX_ROUTES.map((route) => ({ ...route, pinpoint: false })),
];

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'];

/** Every path, once, in the table's order. */
export const PATHS = [...new Set(ROUTES.map((route) => route.path))];

/** The methods a path answers, as `Allow` and the preflight list them: HEAD with GET, OPTIONS always. */
export function methodsOf(path: string): string[] {
  const declared = ROUTES.filter((route) => route.path === path).map((route) => route.method as string);
  const all = new Set([...declared, ...(declared.includes('GET') ? ['HEAD'] : []), 'OPTIONS']);
  return METHOD_ORDER.filter((method) => all.has(method));
}

/** The operations, Pinpoint's and the admin API's, for the index. */
export const apiOperations = (): IndexedOperation[] =>
  ROUTES.filter((route) => route.pinpoint || route.path.startsWith(ADMIN_PREFIX)).map((route) => ({
    operation: route.operation,
    kind: route.pinpoint ? ('pinpoint' as const) : ('admin' as const),
    methods: methodsOf(route.path).filter((m) => m === route.method || (route.method === 'GET' && m === 'HEAD')),
    path: route.path,
  }));
