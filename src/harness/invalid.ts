import { ApiError } from '../errors';

/** Throws the 400 for a malformed harness header, naming it and what was expected. */
export function invalid(header: string, expected: string, got: string): never {
  const shown = got.length > 64 ? `${got.slice(0, 64)}…` : got;
  throw new ApiError('BadRequestException', `Invalid ${header} header: expected ${expected}; got "${shown}".`);
}
