// What a pure parser found wrong with an input, as a value. Pure modules never throw HTTP
// errors: the route that called them turns an Invalid into a 400 (router.ts states the flow).
import { SHOWN_VALUE_LENGTH } from './limits';

export class Invalid {
  constructor(readonly message: string) {}
}

/** The Invalid for a malformed harness header, naming it and what was expected. */
export function invalidHeader(header: string, expected: string, got: string): Invalid {
  const shown = got.length > SHOWN_VALUE_LENGTH ? `${got.slice(0, SHOWN_VALUE_LENGTH)}…` : got;
  return new Invalid(`Invalid ${header} header: expected ${expected}; got "${shown}".`);
}
