// The wire shapes of the admin API (/_sandbox/), as valibot schemas: a tenant's defaults for the
// jobs it creates (validated on PUT), and its request journal (for the tests and the docs).
import * as v from 'valibot';
import { OUTCOMES } from '../harness/progression-header';
import { PROGRESSION } from '../limits';
import { JOURNALED_OPERATIONS } from '../operations';

const whole = (min: number, max: number) =>
  v.pipe(
    v.number('must be a number'),
    v.integer('must be a whole number'),
    v.minValue(min, `must be ${min} or more`),
    v.maxValue(max, `must be at most ${max}`),
  );

/** x-mock-progression's members but `start`, each optional: the life of every job the tenant creates without the header.
 *  Named as the package's harness option names them (`progression.durationS`): one name for one thing. */
export const DefaultsSchema = v.strictObject({
  durationS: v.optional(
    v.pipe(
      v.number('must be a number of seconds'),
      v.minValue(0, 'must be 0 or more'),
      v.maxValue(PROGRESSION.maxDurationS, `must be at most ${PROGRESSION.maxDurationS}`),
    ),
  ),
  outcome: v.optional(v.picklist(OUTCOMES, `must be one of ${OUTCOMES.join(', ')}`)),
  pieces: v.optional(whole(1, PROGRESSION.maxPieces)),
  endpoints: v.optional(whole(1, PROGRESSION.maxEndpoints)),
});
export type Defaults = v.InferOutput<typeof DefaultsSchema>;

/** One request as the tenant's journal holds it. */
export const JournalEntrySchema = v.strictObject({
  id: v.number(), // identifies the entry; the journal lists entries in arrival order
  at: v.string(), // ISO 8601: when the request arrived
  operation: v.nullable(v.picklist(JOURNALED_OPERATIONS)), // the operation the request was, or null (a 404, a preflight, …)
  method: v.string(),
  path: v.string(),
  query: v.string(), // with its "?", or ""
  headers: v.record(v.string(), v.string()), // the Authorization signature and X-Amz-Security-Token redacted
  body: v.string(), // its first JOURNAL_BODY_BYTES
  truncated: v.boolean(), // the body was longer
  status: v.number(),
  errorType: v.nullable(v.string()), // x-amzn-ErrorType
  applied: v.array(v.string()), // x-mock-applied, in parts
  durationMs: v.number(), // from arrival to the answer's headers
});
export type JournalEntry = v.InferOutput<typeof JournalEntrySchema>;

/** GET /_sandbox/requests: entries oldest first, and how many the bound has dropped since the journal was last cleared. */
export const JournalPageSchema = v.strictObject({ entries: v.array(JournalEntrySchema), evicted: v.number() });
export type JournalPage = v.InferOutput<typeof JournalPageSchema>;
