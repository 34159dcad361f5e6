// What the OpenAPI document says of each operation of the route table beyond its path and
// method. Kept out of the Worker (it serves the generated document as a static file); the
// type makes a route without an entry here fail to compile.
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../src/limits';
import type { OperationName } from '../../src/routes/table';

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
    schema: { type: 'string', pattern: `^([1-9]|[1-9][0-9]|${MAX_PAGE_SIZE})$` },
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
  SandboxIndex: {
    summary:
      'What the sandbox is: its base URL, operations, seeded jobs and harness headers. A browser (Accept: text/html) gets the landing page.',
    status: 200,
    response: 'SandboxIndex',
    contentTypes: ['application/json', 'text/html'],
  },
  OpenApiDocument: { summary: 'This document.', status: 200 },
} satisfies Record<OperationName, OperationDoc>;
