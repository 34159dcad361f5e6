// The one exception type that renders any error of the catalogue (error-catalogue.ts) as
// Pinpoint would. The AWS SDKs pick the error class from the x-amzn-ErrorType header, so that
// header, the status and the body must agree.
import { Invalid } from '../invalid';
import type { GatewayError, MessageBody } from './error-bodies';
import { ERROR_CATALOGUE, type ErrorName } from './error-catalogue';
import { jsonReply, type Reply } from './reply';

export * from './error-catalogue';

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

/** What a pure parser returned, when it is a value; else throws the 400 its Invalid names. */
export function orBadRequest<T>(parsed: T | Invalid): T {
  if (parsed instanceof Invalid) throw badRequest(parsed.message);
  return parsed;
}
