// JSON Schemas of the wire shapes, generated from the valibot schemas the Worker and the
// seeder use, so that editors, the OpenAPI document and the code cannot drift apart.
import { toJsonSchema } from '@valibot/to-json-schema';
import type { GenericSchema } from 'valibot';
import { EndpointFixtureSchema } from '../../src/exports/endpoint-schema';
import { GatewayErrorSchema, MessageBodySchema } from '../../src/http/error-bodies';
import { ExportJobRequestSchema, ExportJobResponseSchema, ExportJobsResponseSchema } from '../../src/jobs/schema';
import { MAX_FIXTURE_ENDPOINTS } from '../../src/limits';
import { SandboxIndexSchema } from '../../src/routes/sandbox-index-schema';
import { DefaultsSchema, JournalPageSchema } from '../../src/tenants/schema';

type JsonObject = Record<string, unknown>;

// valibot's cross-field check (pieces) has no JSON Schema form: it is said in the description.
const PIECES_RULE = 'CompletedPieces + FailedPieces must not exceed TotalPieces.';

export function convert(schema: GenericSchema, description: string): JsonObject {
  const { $schema: _draft, ...rest } = toJsonSchema(schema, { target: 'draft-2020-12', errorMode: 'ignore' }) as JsonObject;
  return { description, ...rest };
}

/** Every wire shape, by its name in the OpenAPI document's components. */
export const WIRE_SHAPES = {
  ExportJobResponse: () =>
    convert(
      ExportJobResponseSchema,
      `Provides information about the status and settings of a job that exports endpoint definitions to a file. ${PIECES_RULE}`,
    ),
  ExportJobsResponse: () =>
    convert(
      ExportJobsResponseSchema,
      'Provides information about all the export jobs that are associated with an application or segment. NextToken is absent on the last page.',
    ),
  ExportJobRequest: () =>
    convert(
      ExportJobRequestSchema,
      'Specifies the settings for a job that exports endpoint definitions to an Amazon Simple Storage Service (Amazon S3) bucket. Unknown members are ignored.',
    ),
  Defaults: () =>
    convert(
      DefaultsSchema,
      "A tenant's defaults for the jobs it creates without x-mock-progression; what is absent takes the built-in value.",
    ),
  JournalPage: () => convert(JournalPageSchema, "A page of the caller's tenant's request journal, oldest first."),
  MessageBody: () => convert(MessageBodySchema, 'Provides information about an API request or response.'),
  GatewayError: () => convert(GatewayErrorSchema, 'The body of an error sent by the API Gateway in front of Pinpoint (502, 503, 504).'),
  SandboxIndex: () => convert(SandboxIndexSchema, 'What the sandbox is: its base URL, operations, seeded jobs and harness headers.'),
} satisfies Record<string, () => JsonObject>;

/** The schema of a fixture file: one job in wire shape, or an array of them, each with an optional `$schema`. */
export function fixtureFileSchema(): JsonObject {
  const job = WIRE_SHAPES.ExportJobResponse();
  const properties = {
    $schema: { type: 'string', description: 'For editors only; ignored when seeding.' },
    ...(job.properties as JsonObject),
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Pinpoint export-job sandbox fixture file',
    description:
      "One ExportJobResponse exactly as GET /v1/apps/{application-id}/jobs/export/{job-id} returns it, or an array of them. An application's endpoints, which its exports then hold, are a fixture of their own: endpoints.schema.json. Generated from src/jobs/schema.ts by `npm run docs`; do not edit.",
    oneOf: [{ $ref: '#/$defs/ExportJobResponse' }, { type: 'array', minItems: 1, items: { $ref: '#/$defs/ExportJobResponse' } }],
    $defs: { ExportJobResponse: { ...job, properties } },
  };
}

/** The schema of an endpoints fixture: an application's endpoints, which its exports hold instead of generated ones. */
export function endpointsFixtureSchema(): JsonObject {
  const { description: _, ...fixture } = convert(EndpointFixtureSchema, '');
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Pinpoint export-job sandbox endpoints fixture',
    description: `An application's endpoints: every export of ApplicationId holds these (one EndpointResponse a line, in this order), and a segment export the endpoints Segments lists for its SegmentId, instead of generated ones. Endpoint ids are unique, an endpoint's ApplicationId (if given) is the fixture's, Segments names only endpoints of the fixture, and an Address fits its ChannelType; at most ${MAX_FIXTURE_ENDPOINTS} endpoints. Generated from src/exports/endpoint-schema.ts by \`npm run docs\`; do not edit.`,
    ...fixture,
  };
}
