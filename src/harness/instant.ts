// Points in time as the harness headers give them: ISO 8601 with a zone, or epoch milliseconds.
import { LATEST_INSTANT_MS } from '../limits';

export const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const EPOCH_MS = /^\d{1,15}$/;

export const INSTANT_GRAMMAR = 'ISO 8601 with a zone | epoch milliseconds';

/** Epoch milliseconds for an ISO 8601 date-time or epoch-ms string, or undefined if it is neither. */
export function parseInstant(text: string): number | undefined {
  const ms = EPOCH_MS.test(text) ? Number(text) : ISO_8601.test(text) && realDay(text) ? Date.parse(text) : Number.NaN;
  return Number.isFinite(ms) && ms >= 0 && ms <= LATEST_INSTANT_MS ? ms : undefined;
}

/** Date.parse rolls 2026-02-30 over into March; a harness value that names no real day is refused. */
function realDay(iso: string): boolean {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
