// What the OpenAPI document says of each operation of the route table beyond its path and
// method. Kept out of the Worker (it serves the generated document as a static file); the
// type makes a route without an entry here fail to compile.
import type { OperationName } from '../../src/routes/table';

export interface OperationDoc {
  summary: string;
  status: number; // of success
  response?: string; // the success body's schema, by its components name
  contentTypes?: string[]; // of the success body, when not just JSON
}

export const OPERATION_DOCS = {
  GetExportJob: {
    summary: 'Retrieves information about the status and settings of a specific export job for an application.',
    status: 200,
    response: 'ExportJobResponse',
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
