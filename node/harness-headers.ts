// The harness headers from typed options, so that a test says `{ error: 429, errorAttempts: 2 }`
// instead of hand-writing header strings. The types carry the grammar's bounds where a type
// can (names, statuses, faults, outcomes, small ranges); every value is then checked by the
// Worker's own parser (src/harness/parse.ts), so a bad one throws here, before any request.
import { type Fault, parseHarness } from '../src/harness/parse';
import type { Outcome } from '../src/harness/progression-header';
import type { ERROR_CATALOGUE, ErrorName } from '../src/http/error-catalogue';
import { Invalid } from '../src/invalid';
import { MAX_DELAY_CAP_MS, type MAX_ERROR_ATTEMPTS } from '../src/limits';

type Below<N extends number, Acc extends number[] = []> = Acc['length'] extends N ? Acc[number] : Below<N, [...Acc, Acc['length']]>;
/** The whole numbers from Min to Max, for ranges under a thousand. */
export type WholeNumber<Min extends number, Max extends number> = Exclude<Below<Max> | Max, Below<Min>>;

export type ErrorStatus = (typeof ERROR_CATALOGUE)[ErrorName]['status'];
/** A Date, epoch milliseconds, or an ISO 8601 date-time with a zone. */
export type Instant = Date | number | string;

export interface Harness {
  /** x-mock-error: answer with this error, by exception name or status. */
  error?: ErrorName | ErrorStatus;
  /** x-mock-error-message: the injected error's Message. */
  errorMessage?: string;
  /** x-mock-error-attempts: only attempts 1..n fail, so a retrying client succeeds on attempt n + 1. */
  errorAttempts?: WholeNumber<1, typeof MAX_ERROR_ATTEMPTS>;
  /** x-mock-error-rate: the probability, 0 to 1, that the error happens. */
  errorRate?: number;
  /** x-mock-seed: makes rate and delay repeat exactly (1 to 128 printable ASCII characters). */
  seed?: string;
  /** x-mock-delay: milliseconds, or [min, max]; at most the sandbox's MOCK_DELAY_CAP_MS (10,000 unless set). */
  delayMs?: number | readonly [min: number, max: number];
  /** x-mock-fault: a 200 whose body is broken that way. */
  fault?: Fault;
  /** x-mock-now: the virtual clock for the request. */
  now?: Instant;
  /** x-mock-progression: the job as it stands at `now` in a life of `durationS` seconds (0 to one year). */
  progression?: {
    /** Required on GetExportJob of a seeded job; refused on CreateExportJob, whose job starts when created. */
    start?: Instant;
    durationS: number;
    outcome: Outcome;
    /** 1 to 10,000; 10 by default. */
    pieces?: number;
    /** 1 to 2,147,483,647; 100 a piece by default. */
    endpoints?: number;
  };
}

/** Each member of `progression`, in the order written, and its parameter in x-mock-progression. */
export const PROGRESSION_PARAMETERS = {
  start: 'start',
  durationS: 'duration',
  outcome: 'outcome',
  pieces: 'pieces',
  endpoints: 'endpoints',
} as const satisfies { [K in keyof Required<NonNullable<Harness['progression']>>]: string };

const instant = (t: Instant): string => (t instanceof Date ? t.toISOString() : String(t));

// Each option's header, and how its value is written.
const WRITERS: { [K in keyof Harness]-?: [header: string, write: (value: NonNullable<Harness[K]>) => string] } = {
  error: ['x-mock-error', String],
  errorMessage: ['x-mock-error-message', String],
  errorAttempts: ['x-mock-error-attempts', String],
  errorRate: ['x-mock-error-rate', (p) => (Number.isFinite(p) ? p.toFixed(6) : String(p))],
  seed: ['x-mock-seed', String],
  delayMs: ['x-mock-delay', (d) => (typeof d === 'number' ? String(d) : `${d[0]}-${d[1]}`)],
  fault: ['x-mock-fault', String],
  now: ['x-mock-now', instant],
  progression: [
    'x-mock-progression',
    (progression) =>
      Object.entries(PROGRESSION_PARAMETERS)
        .flatMap(([member, parameter]) => {
          const value = progression[member as keyof typeof PROGRESSION_PARAMETERS];
          return value === undefined ? [] : [`${parameter}=${member === 'start' ? instant(value as Instant) : value}`];
        })
        .join('; '),
  ],
};

/** Each option's header: the one table of names that the Python plugin's is generated from. */
export const HARNESS_OPTION_HEADERS = Object.fromEntries(Object.entries(WRITERS).map(([option, [header]]) => [option, header])) as {
  [K in keyof Harness]-?: string;
};

/** The headers for `harness`; throws a RangeError naming the header when a value is out of its grammar. */
export function harnessHeaders(harness: Harness): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [option, value] of Object.entries(harness)) {
    if (value === undefined) continue;
    const writer = WRITERS[option as keyof Harness] as [string, (v: unknown) => string] | undefined;
    if (!writer) throw new RangeError(`unknown harness option ${option}; known: ${Object.keys(WRITERS).join(', ')}`);
    headers[writer[0]] = writer[1](value);
  }
  const parsed = parseHarness(new Headers(headers), MAX_DELAY_CAP_MS); // the sandbox checks the delay against its own cap
  if (parsed instanceof Invalid) throw new RangeError(parsed.message);
  return headers;
}
