// The harness's request headers: one table that says, for each, how it is read, its grammar
// and bounds (as text; header-schemas.ts gives each as a JSON Schema for the OpenAPI
// document), an example and what it does. Parsing is pure: it returns a plain description of what to do, or an
// Invalid naming the header and what it expected. Every value is bounded here, so that no
// request can make the Worker work hard or long.
import { ERROR_STATUSES, type ErrorName, findError } from '../http/error-catalogue';
import { Invalid, invalidHeader } from '../invalid';
import { DEFAULT_DELAY_CAP_MS, MAX_ERROR_ATTEMPTS, MAX_HEADER_VALUE_LENGTH, MAX_SEED_LENGTH } from '../limits';
import { findS3Error, type S3ErrorCode } from '../s3/errors';
import { INSTANT_GRAMMAR, parseInstant } from './instant';
import { PROGRESSION_GRAMMAR, type ProgressionHeader, parseProgression } from './progression-header';

export const FAULTS = ['empty-body', 'malformed-json', 'truncated-json'] as const;
export type Fault = (typeof FAULTS)[number];

/** What one request's harness headers say, parsed and bounded (node/harness-headers.ts's `Harness` is the options a client sets). */
export interface ParsedHarness {
  error?: ErrorName | S3ErrorCode; // an S3 code only where no Pinpoint error has that name or status; served on the S3 mount only
  errorMessage?: string;
  errorAttempts?: number;
  errorRate?: number;
  seed?: string;
  delay?: { min: number; max: number };
  fault?: Fault;
  now?: number;
  progression?: ProgressionHeader;
}

interface HeaderSpec {
  read: (text: string, harness: ParsedHarness, delayCapMs: number) => Invalid | undefined; // sets its field on `harness`
  grammar: string;
  example: string;
  effect: string;
}

const errorChoices = `${ERROR_STATUSES} or e.g. TooManyRequestsException`;
export const RATE = /^(0(\.\d{1,6})?|1(\.0{1,6})?|\.\d{1,6})$/;
export const SEED = new RegExp(`^[\\x21-\\x7e]{1,${MAX_SEED_LENGTH}}$`);
const SEED_RULE = `1 to ${MAX_SEED_LENGTH} printable ASCII characters`;
const DELAY = /^(\d{1,9})(?:-(\d{1,9}))?$/;

const wholeNumber = (header: string, text: string, min: number, max: number): number | Invalid => {
  const n = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  return n >= min && n <= max ? n : invalidHeader(header, `a whole number from ${min} to ${max}`, text);
};

/** Sets `harness[field]` to a parsed value, or hands back the Invalid. */
const put = <K extends keyof ParsedHarness>(harness: ParsedHarness, field: K, value: ParsedHarness[K] | Invalid): Invalid | undefined => {
  if (value instanceof Invalid) return value;
  harness[field] = value;
  return undefined;
};

export const HARNESS_HEADERS = {
  'x-mock-error': {
    read: (text, harness) =>
      put(
        harness,
        'error',
        findError(text) ?? findS3Error(text) ?? invalidHeader('x-mock-error', `an error status or exception name (${errorChoices})`, text),
      ),
    grammar: `<status> | <ExceptionName>: ${ERROR_STATUSES}; on /_s3 also an S3 error code (SlowDown, InternalError, AccessDenied, …)`,
    example: 'TooManyRequestsException',
    effect: 'Answer with that error instead, in the shape and headers of a real one.',
  },
  'x-mock-error-message': {
    read: (text, harness) => put(harness, 'errorMessage', text),
    grammar: `text, at most ${MAX_HEADER_VALUE_LENGTH} characters`,
    example: 'Rate exceeded',
    effect: "Sets the injected error's Message.",
  },
  'x-mock-error-attempts': {
    read: (text, harness) => put(harness, 'errorAttempts', wholeNumber('x-mock-error-attempts', text, 1, MAX_ERROR_ATTEMPTS)),
    grammar: `1 to ${MAX_ERROR_ATTEMPTS}`,
    example: '2',
    effect:
      "Only attempts 1..n fail; the attempt is read from amz-sdk-request (attempt=<k>; max=<m>), else counted by the caller's tenant.",
  },
  'x-mock-error-rate': {
    read: (text, harness) =>
      put(
        harness,
        'errorRate',
        RATE.test(text) ? Number(text) : invalidHeader('x-mock-error-rate', 'a probability from 0 to 1, e.g. 0.25', text),
      ),
    grammar: '0 to 1',
    example: '0.25',
    effect: 'The injected error happens with this probability.',
  },
  'x-mock-seed': {
    read: (text, harness) => put(harness, 'seed', SEED.test(text) ? text : invalidHeader('x-mock-seed', SEED_RULE, text)),
    grammar: SEED_RULE,
    example: 'run-42',
    effect:
      "Makes rate and delay deterministic: decided from the seed and the request's number among the tenant's requests with that seed (reset by POST /_sandbox/reset).",
  },
  'x-mock-delay': {
    read: (text, harness, cap) => {
      const [, a, b] = DELAY.exec(text) ?? [];
      const min = Number(a);
      const max = b === undefined ? min : Number(b);
      const ok = a !== undefined && min <= max && max <= cap;
      return put(
        harness,
        'delay',
        ok ? { min, max } : invalidHeader('x-mock-delay', `milliseconds "<ms>" or "<min>-<max>", at most ${cap}`, text),
      );
    },
    grammar: `<ms> | <min>-<max> with min ≤ max, at most MOCK_DELAY_CAP_MS (${DEFAULT_DELAY_CAP_MS})`,
    example: '250-1500',
    effect: 'Wait before answering.',
  },
  'x-mock-fault': {
    read: (text, harness) =>
      put(harness, 'fault', FAULTS.find((f) => f === text) ?? invalidHeader('x-mock-fault', FAULTS.join(' | '), text)),
    grammar: FAULTS.join(' | '),
    example: 'truncated-json',
    effect: 'A 200 whose body is broken that way.',
  },
  'x-mock-now': {
    read: (text, harness) =>
      put(
        harness,
        'now',
        parseInstant(text) ?? invalidHeader('x-mock-now', 'an ISO 8601 date-time with a zone, or epoch milliseconds', text),
      ),
    grammar: INSTANT_GRAMMAR,
    example: '2026-11-01T00:04:00Z',
    effect: 'The virtual clock for this request.',
  },
  'x-mock-progression': {
    read: (text, harness) => put(harness, 'progression', parseProgression(text)),
    grammar: PROGRESSION_GRAMMAR,
    example: 'start=2026-11-01T00:00:00Z; duration=600; outcome=FAILED; pieces=20',
    effect: 'The job as it stands at now in a simulated life from start to start + duration; 404 before start.',
  },
  prefer: {
    read: (text, harness) => {
      const code = /(?:^|[,;]\s*)code=([^,;\s]*)/i.exec(text)?.[1];
      if (code === undefined || code === '200') return undefined; // other preferences are not the harness's
      const name = (/^\d{3}$/.test(code) && findError(code)) || invalidHeader('prefer', `code=<an error status: ${ERROR_STATUSES}>`, text);
      if (harness.error !== undefined && harness.error !== name)
        return invalidHeader('prefer', `the same error as x-mock-error (${harness.error})`, text);
      return put(harness, 'error', name);
    },
    grammar: 'code=<status>',
    example: 'code=429',
    effect: "Stoplight Prism's convention: an alias for x-mock-error.",
  },
} as const satisfies Record<string, HeaderSpec>;

export type HarnessHeader = keyof typeof HARNESS_HEADERS;

/** Harness headers in the order they are read: prefer after x-mock-error, so they can be compared. */
export const HARNESS_HEADER_NAMES = Object.keys(HARNESS_HEADERS) as HarnessHeader[];

/** The headers that only qualify an injected error, and so need x-mock-error (or Prefer: code=…). */
export const DEPENDS_ON_ERROR: readonly HarnessHeader[] = ['x-mock-error-message', 'x-mock-error-attempts', 'x-mock-error-rate'];

const NONE: ParsedHarness = Object.freeze({});

/** One pass over the request's header names; values are read only for the harness's own. */
export function parseHarness(headers: Headers, delayCapMs: number): ParsedHarness | Invalid {
  let given: Map<HarnessHeader, string> | undefined;
  for (const name of headers.keys()) {
    if (name !== 'prefer' && !name.startsWith('x-mock-')) continue;
    const value = headers.get(name) ?? '';
    if (!(name in HARNESS_HEADERS)) return invalidHeader(name, `a known harness header (${HARNESS_HEADER_NAMES.join(', ')})`, value);
    given ??= new Map();
    given.set(name as HarnessHeader, value);
  }
  if (!given) return NONE;
  const key = `${delayCapMs}\n${[...given].join('\n')}`;
  let parsed = memo.get(key);
  if (parsed === undefined) {
    parsed = parseGiven(given, delayCapMs);
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
    memo.set(key, parsed);
  }
  return parsed;
}

// Client test suites send the same harness headers on every poll and retry, so a parsed value
// is kept (frozen, bounded, oldest dropped first) instead of being parsed again. It also lets
// progress.ts reuse a progression's JSON, keyed by the parsed object. Together they save 15 to
// 30 µs a call on a GET with x-mock-progression (in-isolate bench: 52 to 67 µs with, 80 to 84 without).
const MEMO_SIZE = 256;
const memo = new Map<string, ParsedHarness | Invalid>();

function parseGiven(given: Map<HarnessHeader, string>, delayCapMs: number): ParsedHarness | Invalid {
  const harness: ParsedHarness = {};
  for (const name of HARNESS_HEADER_NAMES) {
    const value = given.get(name);
    if (value === undefined) continue;
    if (value.length > MAX_HEADER_VALUE_LENGTH) return invalidHeader(name, `at most ${MAX_HEADER_VALUE_LENGTH} characters`, value);
    const problem = HARNESS_HEADERS[name].read(value.trim(), harness, delayCapMs);
    if (problem) return problem;
  }
  const orphan = DEPENDS_ON_ERROR.find((name) => given.has(name) && harness.error === undefined);
  return orphan ? invalidHeader(orphan, 'to come with x-mock-error', given.get(orphan) ?? '') : Object.freeze(harness);
}

/** The harness headers as public contract, for the landing page, `GET /` and the README. */
export const HARNESS_REFERENCE = HARNESS_HEADER_NAMES.map((name) => {
  const { grammar, example, effect } = HARNESS_HEADERS[name];
  return { name, grammar, example, effect };
});
