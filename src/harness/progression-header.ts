// Grammar of x-mock-progression:
//   start=<ISO 8601 | epoch ms>; duration=<seconds>; outcome=<COMPLETED | FAILED | CANCELLED>[; pieces=<n>][; endpoints=<n>]

import { parseInstant } from './instant';
import { invalid } from './invalid';

export const OUTCOMES = ['COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Progression {
  start: number; // epoch ms
  durationMs: number;
  outcome: Outcome;
  pieces: number;
  endpoints: number;
}

const DEFAULT_PIECES = 10;
const MAX_PIECES = 10_000;
const MAX_DURATION_S = 31_536_000; // one year
const MAX_ENDPOINTS = 2_147_483_647;

export const PROGRESSION_GRAMMAR = `start=<ISO 8601 | epoch ms>; duration=<seconds, 0 to ${MAX_DURATION_S}>; outcome=<${OUTCOMES.join(' | ')}>[; pieces=<1 to ${MAX_PIECES}>][; endpoints=<1 to ${MAX_ENDPOINTS}>]`;

export function parseProgression(text: string): Progression {
  const fail = (): never => invalid('x-mock-progression', PROGRESSION_GRAMMAR, text);
  const params = new Map<string, string>();
  for (const part of text.split(';')) {
    const [, key, value] = /^\s*([a-z]+)=(\S+)\s*$/.exec(part) ?? fail();
    if (params.has(key as string) || !['start', 'duration', 'outcome', 'pieces', 'endpoints'].includes(key as string)) fail();
    params.set(key as string, value as string);
  }
  const number = (key: string, min: number, max: number, fallback?: number): number => {
    const raw = params.get(key);
    if (raw === undefined) return fallback ?? fail();
    const n = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    return n >= min && n <= max ? n : fail();
  };
  const start = parseInstant(params.get('start') ?? '') ?? fail();
  const outcome = (OUTCOMES as readonly string[]).includes(params.get('outcome') ?? '') ? (params.get('outcome') as Outcome) : fail();
  const pieces = number('pieces', 1, MAX_PIECES, DEFAULT_PIECES);
  if (!Number.isInteger(pieces)) fail();
  const endpoints = number('endpoints', 1, MAX_ENDPOINTS, pieces * 100);
  if (!Number.isInteger(endpoints)) fail();
  return { start, durationMs: Math.round(number('duration', 0, MAX_DURATION_S) * 1000), outcome, pieces, endpoints };
}
