// The headers of GetObject and HeadObject, pure: the ETag and Last-Modified S3 sends, the
// Range it honours, and its conditional requests. S3 follows RFC 7232/7233 with its own
// choices, kept here: a malformed or multi-range Range is ignored (the whole object, 200);
// a range that starts past the end is 416 InvalidRange; If-Match is checked before
// If-Unmodified-Since and wins over it, If-None-Match before If-Modified-Since and wins over it;
// conditions are evaluated before the range; unparseable dates are ignored.
import { S3Error } from './errors';

/** S3's ETag of a single-part object: its MD5 in hex, quoted. */
export const etagOf = (md5Hex: string): string => `"${md5Hex}"`;

/** An HTTP date (IMF-fixdate), as Last-Modified carries it: to the second. */
export const httpDate = (ms: number): string => new Date(ms).toUTCString();

/** What a request's Range asks of an object of `size` bytes. */
export type RangeAnswer = { status: 200 } | { status: 206; start: number; end: number; contentRange: string } | S3Error;

/** `Range: bytes=a-b | bytes=a- | bytes=-n` → the bytes to send (end inclusive), the whole object, or InvalidRange. */
export function rangeOf(header: string | null, size: number): RangeAnswer {
  const [, first = '', last = ''] = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header ?? '') ?? [];
  const whole = { status: 200 } as const;
  if (!header || (!first && !last) || (first && last && Number(first) > Number(last))) return whole;
  const start = first ? Number(first) : Math.max(0, size - Number(last));
  const end = first && last ? Math.min(Number(last), size - 1) : size - 1;
  if (!Number.isSafeInteger(start) || (first ? start >= size : Number(last) === 0 || size === 0)) {
    return new S3Error('InvalidRange', undefined, { RangeRequested: header.trim(), ActualObjectSize: size });
  }
  return { status: 206, start, end, contentRange: `bytes ${start}-${end}/${size}` };
}

/** The Content-Range of a 416: which size the range missed. */
const unsatisfiedRange = (size: number): string => `bytes */${size}`;

/** What a conditional GET or HEAD gets: go on, 304 Not Modified, or 412 PreconditionFailed. */
export type ConditionAnswer = 'proceed' | 'not-modified' | S3Error;

interface Conditions {
  ifMatch: string | null;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  ifUnmodifiedSince: string | null;
}

/** RFC 7232 section 6's order, as S3 applies it, for an object with this ETag (quoted) and Last-Modified (ms). */
export function checkConditions(request: Conditions, etag: string, lastModifiedMs: number): ConditionAnswer {
  const modifiedS = Math.floor(lastModifiedMs / 1000);
  const since = (header: string | null) => {
    const ms = header === null ? Number.NaN : Date.parse(header);
    return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
  };
  const failed = (condition: string) => new S3Error('PreconditionFailed', undefined, { Condition: condition });
  if (request.ifMatch !== null) {
    if (!matches(request.ifMatch, etag)) return failed('If-Match');
  } else {
    const unmodified = since(request.ifUnmodifiedSince);
    if (unmodified !== null && modifiedS > unmodified) return failed('If-Unmodified-Since');
  }
  if (request.ifNoneMatch !== null) return matches(request.ifNoneMatch, etag) ? 'not-modified' : 'proceed';
  const modified = since(request.ifModifiedSince);
  return modified !== null && modifiedS <= modified ? 'not-modified' : 'proceed';
}

/** The conditions of a request's headers. */
export const conditionsOf = (headers: Pick<Headers, 'get'>): Conditions => ({
  ifMatch: headers.get('if-match'),
  ifNoneMatch: headers.get('if-none-match'),
  ifModifiedSince: headers.get('if-modified-since'),
  ifUnmodifiedSince: headers.get('if-unmodified-since'),
});

/** An If-Match / If-None-Match list (`*`, or ETags quoted or not, weak or not) against an ETag. */
function matches(list: string, etag: string): boolean {
  const bare = (tag: string) =>
    tag
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1');
  return list.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** An object as GetObject and HeadObject describe it. */
export interface ObjectMeta {
  etag: string; // quoted
  size: number;
  lastModifiedMs: number;
}

/** What GetObject or HeadObject answers, apart from the bytes: a status and headers, and the
 *  bytes to send (end inclusive; null for none), or an S3 error and the headers it carries. */
export type ObjectAnswer =
  | { status: 200 | 206 | 304; headers: Record<string, string>; bytes: { start: number; end: number } | null }
  | { error: S3Error; headers: Record<string, string> };

/** Conditions first, then the range, as S3 orders them. */
export function answerObject(request: Pick<Headers, 'get'>, object: ObjectMeta): ObjectAnswer {
  const about = { ETag: object.etag, 'Last-Modified': httpDate(object.lastModifiedMs), 'Accept-Ranges': 'bytes' };
  const condition = checkConditions(conditionsOf(request), object.etag, object.lastModifiedMs);
  if (condition instanceof S3Error) return { error: condition, headers: {} };
  if (condition === 'not-modified') return { status: 304, headers: about, bytes: null };
  const range = rangeOf(request.get('range'), object.size);
  if (range instanceof S3Error) return { error: range, headers: { 'Content-Range': unsatisfiedRange(object.size) } };
  if (range.status === 206) {
    const { start, end, contentRange } = range;
    return {
      status: 206,
      headers: { ...about, 'Content-Length': String(end - start + 1), 'Content-Range': contentRange },
      bytes: { start, end },
    };
  }
  const bytes = object.size > 0 ? { start: 0, end: object.size - 1 } : null;
  return { status: 200, headers: { ...about, 'Content-Length': String(object.size) }, bytes };
}
