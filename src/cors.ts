// CORS, so that browser apps can call the sandbox directly and read what the SDKs read.
// Preflights answer 200 (the reference's status for OPTIONS) with an empty body.

const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-security-token',
  'x-amz-user-agent',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
  'prefer',
  'x-mock-error',
  'x-mock-error-message',
  'x-mock-error-attempts',
  'x-mock-error-rate',
  'x-mock-seed',
  'x-mock-delay',
  'x-mock-fault',
  'x-mock-now',
  'x-mock-progression',
].join(', ');

const EXPOSED_HEADERS = ['x-amzn-RequestId', 'x-amzn-ErrorType', 'x-amz-apigw-id', 'X-Amzn-Trace-Id', 'x-mock-applied', 'Retry-After'].join(
  ', ',
);

/** Headers every response carries. */
export function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    ...(origin ? { Vary: 'Origin' } : {}),
  };
}

/** The answer to OPTIONS: whatever headers the browser asks for are allowed, the harness's included. */
export function preflight(request: Request): Response {
  return new Response(null, {
    status: 200,
    headers: {
      'Access-Control-Allow-Methods': 'GET, OPTIONS',
      'Access-Control-Allow-Headers': request.headers.get('access-control-request-headers') ?? ALLOWED_HEADERS,
      'Access-Control-Max-Age': '86400',
    },
  });
}
