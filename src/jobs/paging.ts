// GetExportJobs and GetSegmentExportJobs: one order (newest CreationDate first, then Id
// descending), keyset pages over it, and the tokens that carry a page's end. Keyset paging on
// a fixed order is what makes following NextToken yield every job exactly once while jobs are
// created meanwhile: a job's place never moves, and new jobs sort before every cursor. Pure.
import { checkOf } from '../hash';
import { Invalid, shown } from '../invalid';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../limits';
import { ID_PATTERN } from './ids';

/** Where a page ended: the last job it held. */
export interface Cursor {
  createdMs: number;
  id: string;
}

/** A job in a listing, with what orders it. */
export interface Listed<T> extends Cursor {
  item: T;
}

/** Newest first, then Id descending: a total order, since Ids are unique. */
export const byListingOrder = (a: Cursor, b: Cursor): number => b.createdMs - a.createdMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Strictly after `cursor` in listing order. */
export const isAfter = (job: Cursor, cursor: Cursor | null): boolean => cursor === null || byListingOrder(cursor, job) < 0;

/** One page from sources that each hold, in listing order, the jobs after the cursor (at least `size + 1` of them, or all). */
export function pageOf<T>(sources: readonly Listed<T>[][], size: number): { page: Listed<T>[]; last: Cursor | null } {
  const merged = sources.flat().sort(byListingOrder);
  const page = merged.slice(0, size);
  const last = merged.length > size ? (page.at(-1) ?? null) : null;
  return { page, last: last && { createdMs: last.createdMs, id: last.id } };
}

/** `page-size`: a string of digits from 1 to MAX_PAGE_SIZE; DEFAULT_PAGE_SIZE when absent. */
export function parsePageSize(text: string | null): number | Invalid {
  if (text === null) return DEFAULT_PAGE_SIZE;
  const size = /^\d{1,9}$/.test(text) ? Number(text) : 0;
  return size >= 1 && size <= MAX_PAGE_SIZE
    ? size
    : new Invalid(`Invalid page-size: expected a whole number from 1 to ${MAX_PAGE_SIZE}; got "${shown(text)}".`);
}

// A token is the cursor and a check over the cursor and the listing it belongs to (tenant,
// application, segment), so that a token from another listing, or one edited, is refused.
const check = (listing: string, payload: string) => checkOf(`${listing}\n${payload}`);

export function encodeToken(cursor: Cursor, listing: string): string {
  const payload = btoa(JSON.stringify([cursor.createdMs, cursor.id]))
    .replace(/=+$/, '')
    .replaceAll('+', '-')
    .replaceAll('/', '_');
  return `${payload}.${check(listing, payload)}`;
}

export function decodeToken(token: string, listing: string): Cursor | Invalid {
  const refused = new Invalid('Invalid token: it is not a NextToken this sandbox issued for this listing.');
  const [payload = '', mac, extra] = token.split('.');
  if (extra !== undefined || mac !== check(listing, payload)) return refused;
  try {
    const [createdMs, id] = JSON.parse(atob(payload.replaceAll('-', '+').replaceAll('_', '/'))) as unknown[];
    return Number.isSafeInteger(createdMs) && typeof id === 'string' && ID_PATTERN.test(id)
      ? { createdMs: createdMs as number, id }
      : refused;
  } catch {
    return refused;
  }
}
