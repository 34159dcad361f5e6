// CORS, so that browser apps can call the sandbox directly and read what the SDKs read.
// Preflights answer 200 (the reference's status for OPTIONS) with an empty body; the methods
// they allow are the path's own, from the route table, and the headers the SDKs send with
// those the layers above name (the harness's), which the router passes in.
import { type Reply, TENANT_HEADER } from './reply';

const SDK_HEADERS = [
  'authorization',
  'content-type',
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-security-token',
  'x-amz-user-agent',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
  'range', // S3's ranged and conditional reads (/_s3)
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
];

// Pinpoint's headers, then S3's that its SDK reads on /_s3 (Last-Modified and Content-Length are
// readable by browsers without being listed).
const EXPOSED_HEADERS = [
  'x-amzn-RequestId',
  'x-amzn-ErrorType',
  'x-amz-apigw-id',
  'X-Amzn-Trace-Id',
  'x-mock-applied',
  TENANT_HEADER,
  'Retry-After',
  'x-amz-request-id',
  'x-amz-id-2',
  'ETag',
  'Content-Range',
  'Accept-Ranges',
  'x-amz-bucket-region',
].join(', ');

/** Adds the CORS headers every response carries to `headers`. */
export function addCorsHeaders(headers: Record<string, string>, origin: string | null): void {
  headers['Access-Control-Allow-Origin'] = origin ?? '*';
  headers['Access-Control-Expose-Headers'] = EXPOSED_HEADERS;
  if (origin) headers.Vary = headers.Vary ? `${headers.Vary}, Origin` : 'Origin';
}

/** The answer to OPTIONS on a path that allows `methods`: whatever headers the browser asks
 *  for are allowed; when it asks none, the SDKs' and `also`. */
export function preflightAllowing(also: readonly string[]): (request: Request, methods: string) => Reply {
  const allowed = [...SDK_HEADERS, ...also].join(', ');
  return (request, methods) => ({
    status: 200,
    body: null,
    headers: {
      'Access-Control-Allow-Methods': methods,
      'Access-Control-Allow-Headers': request.headers.get('access-control-request-headers') ?? allowed,
      'Access-Control-Max-Age': '86400',
    },
  });
}
