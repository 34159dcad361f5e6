// What a pure parser found wrong with an input, as a value. Pure modules never throw HTTP
// errors: the route that called them turns an Invalid into a 400 (router.ts states the flow).
import { SHOWN_VALUE_LENGTH } from './limits';

export class Invalid {
  constructor(readonly message: string) {}
}

/** A value as an error message shows it: cut at SHOWN_VALUE_LENGTH characters, marked when cut. */
export const shown = (value: string): string => (value.length > SHOWN_VALUE_LENGTH ? `${value.slice(0, SHOWN_VALUE_LENGTH)}…` : value);

/** The Invalid for a malformed harness header, naming it and what was expected. */
export function invalidHeader(header: string, expected: string, got: string): Invalid {
  return new Invalid(`Invalid ${header} header: expected ${expected}; got "${shown(got)}".`);
}
