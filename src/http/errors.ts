// The catalogue of errors the sandbox can answer with, as one table, and the one exception type that renders any of them as Pinpoint would. The AWS SDKs
// pick the error class from the x-amzn-ErrorType header, so that header, the status and the
// body must agree.
import { Invalid } from '../invalid';
import type { GatewayError, MessageBody } from './error-bodies';
import { jsonReply, type Reply } from './reply';

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

interface ErrorOptions {
  headers?: Record<string, string>; // e.g. Allow, Retry-After
  applied?: readonly string[]; // what the harness did before the error
}

/** A catalogue error, thrown where the request cannot go on; the router renders it with `reply`. */
export class ApiError extends Error {
  override readonly name: ErrorName;
  readonly options: ErrorOptions;

  constructor(name: ErrorName, message: string = ERROR_CATALOGUE[name].message, options: ErrorOptions = {}) {
    super(message);
    this.name = name;
    this.options = options;
  }

  /** The same error, with `before` (what the harness did first) ahead of what it says was applied. */
  after(before: readonly string[]): ApiError {
    if (before.length === 0) return this;
    return new ApiError(this.name, this.message, { ...this.options, applied: [...before, ...(this.options.applied ?? [])] });
  }

  /** Pinpoint's errors carry a MessageBody; API Gateway's own carry `{"message": …}`. */
  reply(requestId: string): Reply {
    const { status, gateway } = ERROR_CATALOGUE[this.name];
    const body: MessageBody | GatewayError = gateway ? { message: this.message } : { RequestID: requestId, Message: this.message };
    return jsonReply(JSON.stringify(body), status, { 'x-amzn-ErrorType': this.name, ...this.options.headers }, this.options.applied);
  }
}

/** The 400 for what a pure parser found invalid. */
export const badRequest = (message: string, applied?: readonly string[]) => new ApiError('BadRequestException', message, { applied });

/** What a pure parser returned, when it is a value; the 400 it names, when it is an Invalid. */
export function accepted<T>(parsed: T | Invalid): T {
  if (parsed instanceof Invalid) throw badRequest(parsed.message);
  return parsed;
}
