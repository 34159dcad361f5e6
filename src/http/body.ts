// A request's body as far as the sandbox read it: the gateway reads it (whole for the methods that
// take one, else its start), the routes parse it, the journal keeps its start.

/** The request's body as far as it was read: `text` is its start (or all of it), `bytes` its whole length. */
export interface BodySeen {
  text: string;
  bytes: number;
}
