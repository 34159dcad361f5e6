// Points in time as the harness headers give them: ISO 8601 with a zone, or epoch milliseconds.

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EPOCH_MS = /^\d{1,15}$/;
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999); // keeps toISOString() four-digit

/** Epoch milliseconds for an ISO 8601 date-time or epoch-ms string, or undefined if it is neither. */
export function parseInstant(text: string): number | undefined {
  const ms = EPOCH_MS.test(text) ? Number(text) : ISO_8601.test(text) && realDay(text) ? Date.parse(text) : Number.NaN;
  return Number.isFinite(ms) && ms >= 0 && ms <= LATEST ? ms : undefined;
}

/** Date.parse rolls 2026-02-30 over into March; a harness value that names no real day is refused. */
function realDay(iso: string): boolean {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
