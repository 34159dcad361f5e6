// The OpenAPI 3.1 document of everything the Worker serves, built from the same sources as
// the Worker: the route table (paths, methods, operations), the valibot schemas, the error
// catalogue, the harness header table and the limits.
import { readFileSync } from 'node:fs';
import { HARNESS_SCHEMAS } from '../../src/harness/header-schemas';
import { DEPENDS_ON_ERROR, HARNESS_HEADER_NAMES, HARNESS_HEADERS } from '../../src/harness/parse';
import { ERROR_CATALOGUE, ERROR_NAMES } from '../../src/http/errors';
import { ID_PATTERN, ID_RULE } from '../../src/jobs/ids';
import { MAX_HEADER_VALUE_LENGTH } from '../../src/limits';
import { labelsOf } from '../../src/routes/paths';
import { methodsOf, PATHS, ROUTES, type Route } from '../../src/routes/table';
import { WIRE_SHAPES } from './json-schemas';
import { OPERATION_DOCS, type OperationDoc } from './operations';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });
const COMMON_HEADERS = {
  'x-amzn-RequestId': header('RequestId'),
  'x-mock-applied': header('MockApplied'),
  'Access-Control-Allow-Origin': header('AllowOrigin'),
};

function errorResponses(pinpoint: boolean) {
  const names = pinpoint ? ERROR_NAMES : (['NotFoundException', 'MethodNotAllowedException', 'InternalServerErrorException'] as const);
  return Object.fromEntries(
    names.map((name) => {
      const { status, message, gateway } = ERROR_CATALOGUE[name];
      const source = gateway ? 'Sent by the API Gateway in front of Pinpoint; the sandbox sends it only when injected' : 'Pinpoint';
      return [
        String(status),
        {
          description: `${name}: ${message} (${source}.)`,
          headers: { ...COMMON_HEADERS, 'x-amzn-ErrorType': header('ErrorType') },
          content: { 'application/json': { schema: ref(gateway ? 'GatewayError' : 'MessageBody') } },
        },
      ];
    }),
  );
}

const LABEL_DESCRIPTIONS: Record<string, string> = {
  'application-id': 'The unique identifier for the application.',
  'job-id': 'The unique identifier for the job.',
  'segment-id': 'The unique identifier for the segment.',
};

const labelParameter = (name: string) => ({
  name,
  in: 'path',
  required: true,
  description: `${LABEL_DESCRIPTIONS[name] ?? name} Real Pinpoint IDs are 32 lowercase hex characters; the sandbox accepts ${ID_RULE}.`,
  schema: { type: 'string', pattern: ID_PATTERN.source },
});

/** Each harness header with the grammar the parser accepts: an enum, or a pattern (exact, or a subset the parser accepts). */
const harnessParameters = HARNESS_HEADER_NAMES.map((name) => {
  const { grammar, effect, example } = HARNESS_HEADERS[name];
  const schema = HARNESS_SCHEMAS[name];
  return {
    name,
    in: 'header',
    required: false,
    description: `Sandbox harness. ${effect}${DEPENDS_ON_ERROR.includes(name) ? ' Needs x-mock-error.' : ''} Grammar: ${grammar}.`,
    schema: { type: 'string', maxLength: MAX_HEADER_VALUE_LENGTH, ...schema },
    example,
  };
});

const ACCEPT = {
  name: 'accept',
  in: 'header',
  required: false,
  schema: { type: 'string' },
  description: 'Indicates which content types the client understands.',
};

function operation(route: Route) {
  const doc: OperationDoc = OPERATION_DOCS[route.operation];
  const pinpoint = route.pinpoint;
  const content = Object.fromEntries(
    (doc.contentTypes ?? ['application/json']).map((type) => [
      type,
      {
        schema:
          type === 'application/json' && doc.response ? ref(doc.response) : { type: type === 'application/json' ? 'object' : 'string' },
      },
    ]),
  );
  return {
    operationId: route.operation,
    summary: doc.summary,
    parameters: [
      ...(pinpoint ? [ACCEPT] : []),
      ...(doc.query ?? []).map((q) => ({ in: 'query', required: false, ...q })),
      ...(pinpoint ? harnessParameters : []),
    ],
    ...(doc.requestBody ? { requestBody: { required: true, content: { 'application/json': { schema: ref(doc.requestBody) } } } } : {}),
    responses: {
      [String(doc.status)]: {
        description: pinpoint
          ? 'The request succeeded. With x-mock-fault the body is deliberately broken (empty, malformed or truncated JSON).'
          : 'The request succeeded.',
        headers: COMMON_HEADERS,
        content,
      },
      ...errorResponses(pinpoint),
    },
  };
}

function pathItem(path: string) {
  const routes = ROUTES.filter((route) => route.path === path);
  const item: Record<string, unknown> = {};
  const labels = labelsOf(path);
  if (labels.length > 0) item.parameters = labels.map(labelParameter);
  for (const route of routes) {
    item[route.method.toLowerCase()] = operation(route);
    if (route.method === 'GET')
      item.head = {
        ...operation(route),
        operationId: `${route.operation}Head`,
        summary: `${OPERATION_DOCS[route.operation].summary} (HEAD: as GET, without a body.)`,
      };
  }
  const allow = methodsOf(path).join(', ');
  item.options = {
    operationId: `${routes[0]?.operation ?? 'Path'}Options`,
    summary: 'Retrieves information about the communication requirements and options that are available for the resource (CORS preflight).',
    responses: {
      '200': {
        description: 'The request succeeded; the body is empty.',
        headers: {
          ...COMMON_HEADERS,
          'Access-Control-Allow-Methods': { schema: { type: 'string', const: allow } },
          'Access-Control-Allow-Headers': { schema: { type: 'string' } },
          'Access-Control-Max-Age': { schema: { type: 'string' } },
        },
      },
    },
  };
  return item;
}

export function openApiDocument(): Record<string, unknown> {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const operations = ROUTES.filter((route) => route.pinpoint).map((route) => route.operation);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Amazon Pinpoint export-job sandbox',
      version,
      description: `Answers Amazon Pinpoint's export-job operations (${operations.join(', ')}) as Pinpoint did, with a test harness driven by x-mock-* request headers. Any other method on a path here is a 405 MethodNotAllowedException with Allow. Generated by \`npm run docs\`; do not edit.`,
    },
    // Relative, so it resolves against wherever this document was fetched (OpenAPI 3.1, 4.8.5):
    // the sandbox serves it on every port and host it runs on.
    servers: [{ url: '/', description: 'The sandbox that serves this document' }],
    paths: Object.fromEntries(PATHS.map((path) => [path, pathItem(path)])),
    components: {
      schemas: Object.fromEntries(Object.entries(WIRE_SHAPES).map(([name, make]) => [name, make()])),
      headers: {
        RequestId: {
          description: 'A fresh UUID per response; an error body’s RequestID equals it.',
          required: true,
          schema: { type: 'string', format: 'uuid' },
        },
        ErrorType: {
          description: 'The exception name; the AWS SDKs take the error class from it.',
          required: true,
          schema: { type: 'string', enum: ERROR_NAMES },
        },
        MockApplied: {
          description: 'What the harness did, e.g. "error=429; attempt=1/3", or "none".',
          required: true,
          schema: { type: 'string' },
        },
        AllowOrigin: { description: "The request's Origin, or *.", required: true, schema: { type: 'string' } },
      },
    },
  };
}
