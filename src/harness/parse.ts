// Turns the harness's request headers into a plain description of what to do. Pure: it
// reads a Headers object and throws a 400 that names the header and what it expected.
// Every value is bounded here so that no request can make the Worker work hard or long.
import { ERROR_STATUSES, type ErrorName, findError } from '../errors';
import { parseInstant } from './instant';
import { invalid } from './invalid';
import { type Progression, parseProgression } from './progression-header';

export const FAULTS = ['empty-body', 'malformed-json', 'truncated-json'] as const;
export type Fault = (typeof FAULTS)[number];

export interface Harness {
  error?: ErrorName;
  errorMessage?: string;
  errorAttempts?: number;
  errorRate?: number;
  seed?: string;
  delay?: { min: number; max: number };
  fault?: Fault;
  now?: number;
  progression?: Progression;
}

export const MAX_VALUE_LENGTH = 1024;
export const MAX_ERROR_ATTEMPTS = 100;
export const SEED_RULE = '1 to 128 printable ASCII characters';

const int = (header: string, text: string, min: number, max: number): number => {
  const n = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  return n >= min && n <= max ? n : invalid(header, `a whole number from ${min} to ${max}`, text);
};

type Field = (text: string, h: Harness, delayCapMs: number) => void;

const FIELDS: Record<string, Field> = {
  'x-mock-error': (t, h) => {
    h.error = findError(t) ?? invalid('x-mock-error', `an error status or exception name (${errorChoices()})`, t);
  },
  'x-mock-error-message': (t, h) => {
    h.errorMessage = t;
  },
  'x-mock-error-attempts': (t, h) => {
    h.errorAttempts = int('x-mock-error-attempts', t, 1, MAX_ERROR_ATTEMPTS);
  },
  'x-mock-error-rate': (t, h) => {
    const rate = /^(0(\.\d{1,6})?|1(\.0{1,6})?|\.\d{1,6})$/.test(t) ? Number(t) : Number.NaN;
    h.errorRate = Number.isNaN(rate) ? invalid('x-mock-error-rate', 'a probability from 0 to 1, e.g. 0.25', t) : rate;
  },
  'x-mock-seed': (t, h) => {
    h.seed = /^[\x21-\x7e]{1,128}$/.test(t) ? t : invalid('x-mock-seed', SEED_RULE, t);
  },
  'x-mock-delay': (t, h, cap) => {
    const [, a, b] = /^(\d{1,9})(?:-(\d{1,9}))?$/.exec(t) ?? [];
    const min = Number(a);
    const max = b === undefined ? min : Number(b);
    const ok = a !== undefined && min <= max && max <= cap;
    h.delay = ok ? { min, max } : invalid('x-mock-delay', `milliseconds "<ms>" or "<min>-<max>", at most ${cap}`, t);
  },
  'x-mock-fault': (t, h) => {
    h.fault = (FAULTS as readonly string[]).includes(t) ? (t as Fault) : invalid('x-mock-fault', FAULTS.join(' | '), t);
  },
  'x-mock-now': (t, h) => {
    h.now = parseInstant(t) ?? invalid('x-mock-now', 'an ISO 8601 date-time with a zone, or epoch milliseconds', t);
  },
  'x-mock-progression': (t, h) => {
    h.progression = parseProgression(t);
  },
  prefer: (t, h) => {
    const code = /(?:^|[,;]\s*)code=(\d{3})\b/i.exec(t)?.[1];
    if (code === undefined || code === '200') return; // other preferences are not the harness's
    const name = findError(code) ?? invalid('prefer', `code=<an error status: ${errorChoices()}>`, t);
    if (h.error !== undefined && h.error !== name) invalid('prefer', `the same error as x-mock-error (${h.error})`, t);
    h.error = name;
  },
};

/** Harness headers in the order they are read: prefer after x-mock-error, so they can be compared. */
export const HARNESS_HEADERS = Object.keys(FIELDS);

const errorChoices = () => `${ERROR_STATUSES} or e.g. TooManyRequestsException`;

const DEPENDS_ON_ERROR = ['x-mock-error-message', 'x-mock-error-attempts', 'x-mock-error-rate'] as const;

const NONE: Harness = Object.freeze({});

/** One pass over the request's header names; values are read only for the harness's own. */
export function parseHarness(headers: Headers, delayCapMs: number): Harness {
  let given: Map<string, string> | undefined;
  for (const name of headers.keys()) {
    if (name !== 'prefer' && !name.startsWith('x-mock-')) continue;
    const value = headers.get(name) ?? '';
    if (!(name in FIELDS)) invalid(name, `a known harness header (${HARNESS_HEADERS.join(', ')})`, value);
    given ??= new Map();
    given.set(name, value);
  }
  if (!given) return NONE;
  const key = `${delayCapMs}\n${[...given].join('\n')}`;
  const known = memo.get(key);
  if (known) return known;
  const harness = parseGiven(given, delayCapMs);
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  memo.set(key, harness);
  return harness;
}

// Client test suites send the same harness headers on every poll and retry; a parsed value
// is kept (frozen, bounded, oldest dropped first) instead of being parsed again.
const MEMO_SIZE = 256;
const memo = new Map<string, Harness>();

function parseGiven(given: Map<string, string>, delayCapMs: number): Harness {
  const harness: Harness = {};
  for (const name of HARNESS_HEADERS) {
    const value = given.get(name);
    if (value === undefined) continue;
    if (value.length > MAX_VALUE_LENGTH) invalid(name, `at most ${MAX_VALUE_LENGTH} characters`, value);
    FIELDS[name]?.(value.trim(), harness, delayCapMs);
  }
  for (const name of DEPENDS_ON_ERROR) {
    if (given.has(name) && harness.error === undefined) invalid(name, 'to come with x-mock-error', given.get(name) ?? '');
  }
  return Object.freeze(harness);
}
