// What the OpenAPI document says of each operation of the route table beyond its path and
// method. Kept out of the Worker (it serves the generated document as a static file); the
// type makes a route without an entry here fail to compile.
import { upTo } from '../../src/harness/header-schemas';
import { DEFAULT_JOURNAL_PAGE, DEFAULT_PAGE_SIZE, MAX_JOURNAL_PAGE, MAX_PAGE_SIZE } from '../../src/limits';
import { type OperationName, ROUTES } from '../../src/routes/table';

const PINPOINT = ROUTES.filter((route) => route.pinpoint).map((route) => route.operation);

export interface OperationDoc {
  summary: string;
  status: number; // of success
  response?: string; // the success body's schema, by its components name
  contentTypes?: string[]; // of the success body, when not just JSON
  requestBody?: string; // its schema, by its components name
  query?: { name: string; description: string; schema: Record<string, unknown> }[];
}

const PAGING = [
  {
    name: 'page-size',
    description: `The maximum number of items to include in each page of a paginated response: ${DEFAULT_PAGE_SIZE} when absent, at most ${MAX_PAGE_SIZE}.`,
    schema: { type: 'string', pattern: `^${upTo(MAX_PAGE_SIZE)}$` },
  },
  {
    name: 'token',
    description: 'The NextToken string that specifies which page of results to return; only a token this listing issued is accepted.',
    schema: { type: 'string' },
  },
];

export const OPERATION_DOCS = {
  GetExportJob: {
    summary: 'Retrieves information about the status and settings of a specific export job for an application.',
    status: 200,
    response: 'ExportJobResponse',
  },
  CreateExportJob: {
    summary: 'Creates an export job for an application.',
    status: 202,
    response: 'ExportJobResponse',
    requestBody: 'ExportJobRequest',
  },
  GetExportJobs: {
    summary: 'Retrieves information about the status and settings of all the export jobs for an application.',
    status: 200,
    response: 'ExportJobsResponse',
    query: PAGING,
  },
  GetSegmentExportJobs: {
    summary: 'Retrieves information about the status and settings of the export jobs for a segment.',
    status: 200,
    response: 'ExportJobsResponse',
    query: PAGING,
  },
  ListRequests: {
    summary:
      "The caller's tenant's request journal, oldest first: every request it made of every operation (admin calls aside), with what was answered. `evicted` counts the entries the bound has dropped since the journal was last cleared.",
    status: 200,
    response: 'JournalPage',
    query: [
      {
        name: 'limit',
        description: `At most this many entries: ${DEFAULT_JOURNAL_PAGE} when absent, at most ${MAX_JOURNAL_PAGE}.`,
        schema: { type: 'string', pattern: '^[0-9]{1,4}$' },
      },
      {
        name: 'since',
        description: 'Only entries that arrived then or later: ISO 8601 with a zone, or epoch milliseconds.',
        schema: { type: 'string' },
      },
      { name: 'operation', description: 'Only entries of this operation.', schema: { type: 'string', enum: PINPOINT } },
      { name: 'status', description: 'Only entries answered with this status.', schema: { type: 'string', pattern: '^[1-5][0-9]{2}$' } },
    ],
  },
  ClearRequests: { summary: "Clears the caller's tenant's request journal, and its evicted count.", status: 200 },
  ResetTenant: {
    summary: "Clears the caller's tenant in one step: its created jobs, request journal, attempt and seed sequences, and defaults.",
    status: 200,
  },
  GetDefaults: {
    summary: "The caller's tenant's defaults for the jobs it creates without x-mock-progression ({} when none).",
    status: 200,
    response: 'Defaults',
  },
  PutDefaults: {
    summary:
      "Sets the caller's tenant's defaults for the jobs it creates without x-mock-progression: duration (seconds), outcome, pieces, endpoints, each optional. {} clears them.",
    status: 200,
    response: 'Defaults',
    requestBody: 'Defaults',
  },
  SandboxIndex: {
    summary:
      'What the sandbox is: its base URL, operations, seeded jobs and harness headers. A browser (Accept: text/html) gets the landing page.',
    status: 200,
    response: 'SandboxIndex',
    contentTypes: ['application/json', 'text/html'],
  },
  OpenApiDocument: { summary: 'This document.', status: 200 },
} satisfies Record<OperationName, OperationDoc>;
