// Each harness header's value as a JSON Schema, for the OpenAPI document, so that a
// schema-driven fuzzer (Schemathesis style) sends only values the sandbox accepts: exact where
// the grammar is regular, else a subset the parser accepts (test/workers/harness-schema.spec.ts
// checks both). Beside the parser's table rather than in it, so the Worker's bundle carries
// none of it; the type makes a header without a schema fail to compile.
import { ERROR_CATALOGUE, ERROR_NAMES } from '../http/errors';
import { DEFAULT_DELAY_CAP_MS, MAX_ERROR_ATTEMPTS, MAX_HEADER_VALUE_LENGTH, PROGRESSION } from '../limits';
import { FAULTS, type HarnessHeader, RATE, SEED } from './parse';
import { OUTCOMES } from './progression-header';

type ValueSchema = { enum: readonly string[] } | { pattern: string };

/** A regular expression (unanchored, one group) for the whole numbers 1 to `max`, as written without leading zeros. */
export function upTo(max: number): string {
  const digits = String(max);
  const shorter = digits.length > 1 ? [`[1-9]\\d{0,${digits.length - 2}}`] : [];
  const sameLength = [...digits].flatMap((d, i) => {
    const low = i === 0 ? 1 : 0;
    const rest = digits.length - i - 1;
    return Number(d) > low ? [`${digits.slice(0, i)}[${low}-${Number(d) - 1}]${rest ? `\\d{${rest}}` : ''}`] : [];
  });
  return `(${[...shorter, ...sameLength, digits].join('|')})`;
}

/** Epoch milliseconds, or a UTC date-time on a day every month has: a subset of parseInstant's grammar. */
const INSTANT_PATTERN =
  '(\\d{1,13}|(19[7-9]\\d|[2-9]\\d{3})-(0[1-9]|1[0-2])-(0[1-9]|1\\d|2[0-8])T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?Z)';

/** Parameters in order, whole numbers: a subset of parseProgression's grammar. */
const PROGRESSION_PATTERN = `^start=${INSTANT_PATTERN}; duration=\\d{1,7}; outcome=(${OUTCOMES.join('|')})(; pieces=${upTo(PROGRESSION.maxPieces)})?(; endpoints=${upTo(PROGRESSION.maxEndpoints)})?$`;

export const HARNESS_SCHEMAS = {
  'x-mock-error': { enum: ERROR_NAMES.flatMap((name) => [String(ERROR_CATALOGUE[name].status), name]) },
  'x-mock-error-message': { pattern: `^[\\x21-\\x7e]([\\x20-\\x7e]{0,${MAX_HEADER_VALUE_LENGTH - 2}}[\\x21-\\x7e])?$` },
  'x-mock-error-attempts': { pattern: `^${upTo(MAX_ERROR_ATTEMPTS)}$` },
  'x-mock-error-rate': { pattern: RATE.source },
  'x-mock-seed': { pattern: SEED.source },
  'x-mock-delay': { pattern: `^(\\d{1,4}|${DEFAULT_DELAY_CAP_MS})$` }, // ranges too, but "min ≤ max" is not regular
  'x-mock-fault': { enum: FAULTS },
  'x-mock-now': { pattern: `^${INSTANT_PATTERN}$` },
  'x-mock-progression': { pattern: PROGRESSION_PATTERN },
  prefer: { enum: ['code=200', ...ERROR_NAMES.map((name) => `code=${ERROR_CATALOGUE[name].status}`)] },
} satisfies Record<HarnessHeader, ValueSchema>;
