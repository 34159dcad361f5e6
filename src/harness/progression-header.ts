// Grammar of x-mock-progression:
//   [start=<ISO 8601 | epoch ms>; ]duration=<seconds>; outcome=<COMPLETED | FAILED | CANCELLED>[; pieces=<n>][; endpoints=<n>]
// On a GET, `start` is required (the life of a stored job is replayed from it); on
// CreateExportJob it is refused, since a created job's life starts at its creation.

import { type Invalid, invalidHeader } from '../invalid';
import { PROGRESSION } from '../limits';
import { parseInstant } from './instant';

export const OUTCOMES = ['COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A job's simulated life, apart from when it starts. */
export interface Life {
  durationMs: number;
  outcome: Outcome;
  pieces: number;
  endpoints: number;
}

/** A life that starts at `start` (epoch ms). */
export interface Progression extends Life {
  start: number;
}

/** What the header says: a life, and its start when the header names one. */
export type ProgressionHeader = Life & { start?: number };

const PARAMETERS = ['start', 'duration', 'outcome', 'pieces', 'endpoints'] as const;

export const PROGRESSION_GRAMMAR = `start=<ISO 8601 | epoch ms>; duration=<seconds, 0 to ${PROGRESSION.maxDurationS}>; outcome=<${OUTCOMES.join(' | ')}>[; pieces=<1 to ${PROGRESSION.maxPieces}>][; endpoints=<1 to ${PROGRESSION.maxEndpoints}>]`;

export function parseProgression(text: string): ProgressionHeader | Invalid {
  const fail = invalidHeader('x-mock-progression', PROGRESSION_GRAMMAR, text);
  const params = new Map<string, string>();
  for (const part of text.split(';')) {
    const [, key = '', value = ''] = /^\s*([a-z]+)=(\S+)\s*$/.exec(part) ?? [];
    if (!key || params.has(key) || !(PARAMETERS as readonly string[]).includes(key)) return fail;
    params.set(key, value);
  }
  const number = (key: string, min: number, max: number, fallback?: number): number | undefined => {
    const raw = params.get(key);
    if (raw === undefined) return fallback;
    const n = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    return n >= min && n <= max ? n : undefined;
  };
  const startText = params.get('start');
  const start = startText === undefined ? undefined : parseInstant(startText);
  const outcome = OUTCOMES.find((o) => o === params.get('outcome'));
  const duration = number('duration', 0, PROGRESSION.maxDurationS);
  const pieces = number('pieces', 1, PROGRESSION.maxPieces, PROGRESSION.defaultPieces);
  const endpoints =
    pieces === undefined ? undefined : number('endpoints', 1, PROGRESSION.maxEndpoints, pieces * PROGRESSION.endpointsPerPiece);
  const whole = Number.isInteger(pieces) && Number.isInteger(endpoints);
  if ((startText !== undefined && start === undefined) || !outcome || duration === undefined || !whole) return fail;
  const life: ProgressionHeader = {
    durationMs: Math.round(duration * 1000),
    outcome,
    pieces: pieces as number,
    endpoints: endpoints as number,
  };
  return start === undefined ? life : { start, ...life };
}
