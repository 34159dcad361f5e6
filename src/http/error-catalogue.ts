// The catalogue of errors the sandbox can answer with, as one table: data only, so that the
// harness's parser and the package's typed helper can name errors without the Response types.
/** Errors modeled by Pinpoint (MessageBody bodies), then those of the API Gateway in front of it. */
export const ERROR_CATALOGUE = {
  BadRequestException: { status: 400, message: 'The request contains a syntax error.', gateway: false },
  ForbiddenException: { status: 403, message: 'Access to the requested resource is forbidden.', gateway: false },
  NotFoundException: { status: 404, message: 'Resource not found', gateway: false },
  MethodNotAllowedException: { status: 405, message: 'The method is not allowed for the requested resource.', gateway: false },
  // The reference page's prose says RequestEntityTooLargeException; the Smithy model and every
  // SDK name the 413 PayloadTooLargeException, and the SDKs build their error class from this name.
  PayloadTooLargeException: { status: 413, message: 'The request payload is too large.', gateway: false },
  TooManyRequestsException: { status: 429, message: 'Too many requests', gateway: false },
  InternalServerErrorException: { status: 500, message: 'Internal server error', gateway: false },
  BadGatewayException: { status: 502, message: 'Bad Gateway', gateway: true },
  ServiceUnavailableException: { status: 503, message: 'Service Unavailable', gateway: true },
  GatewayTimeoutException: { status: 504, message: 'Endpoint request timed out', gateway: true },
} as const satisfies Record<string, { status: number; message: string; gateway: boolean }>;

export type ErrorName = keyof typeof ERROR_CATALOGUE;
export const ERROR_NAMES = Object.keys(ERROR_CATALOGUE) as ErrorName[];

/** The statuses of the catalogue, for messages and docs: "400, 403, …, 504". */
export const ERROR_STATUSES = ERROR_NAMES.map((name) => ERROR_CATALOGUE[name].status).join(', ');

const byStatus = new Map<number, ErrorName>(ERROR_NAMES.map((name) => [ERROR_CATALOGUE[name].status, name]));

/** The catalogue entry for a status code or an exception name (any case), if there is one. */
export function findError(statusOrName: string): ErrorName | undefined {
  if (/^\d{3}$/.test(statusOrName)) return byStatus.get(Number(statusOrName));
  const wanted = statusOrName.toLowerCase();
  return ERROR_NAMES.find((name) => name.toLowerCase() === wanted);
}
