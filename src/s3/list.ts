// ListObjectsV2 and ListObjects (v1) over a bucket's objects, pure: the query as S3 reads it,
// one page of keys and CommonPrefixes, and the ListBucketResult document. Pages are cut as S3
// cuts them: keys in UTF-8 binary order, each CommonPrefix counted once toward max-keys, the
// next page resuming strictly after the last entry (a CommonPrefix resumes after every key it
// rolls up). Continuation tokens carry that entry with a check over the listing, so a token
// that was edited or issued for another listing is an InvalidArgument, as S3 answers garbage.
import { checkOf } from '../hash';
import { INT32_MAX, S3_MAX_KEYS } from '../limits';
import { invalidArgument, type S3Error } from './errors';
import { S3_NAMESPACE, type XmlContent, xmlDocument } from './xml';

/** An object as a listing shows it. */
export interface S3Object {
  key: string;
  size: number;
  etag: string; // quoted
  lastModifiedMs: number;
}

/** What a list request asks, once read. */
export interface ListQuery {
  version: 1 | 2;
  prefix: string;
  delimiter: string;
  maxKeys: number;
  startAfter: string; // v2: start-after; v1: marker
  continuationToken: string | null; // v2, as sent
  after: string | null; // the entry to resume after: the token's, else start-after / marker
  fetchOwner: boolean;
  urlEncoded: boolean;
}

/** The owner S3 lists with each object: one account owns the sandbox's buckets. */
const OWNER = { ID: '5a1c3f0e2b7d4c6a9e8f1b2d3c4a5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d', DisplayName: 'pinpoint-export-sandbox' };

/** The query of `GET /bucket?…` as ListObjectsV2 (list-type=2) or ListObjects reads it, or S3's InvalidArgument. */
export function parseListQuery(params: URLSearchParams, bucket: string): ListQuery | S3Error {
  const listType = params.get('list-type');
  if (listType !== null && listType !== '2') return invalidArgument('Invalid List Type specified in Request', 'list-type', listType);
  const version = listType === '2' ? 2 : 1;
  const encoding = params.get('encoding-type');
  if (encoding !== null && encoding !== 'url')
    return invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encoding);
  const maxText = params.get('max-keys');
  const max = maxText === null ? S3_MAX_KEYS : /^-?\d{1,10}$/.test(maxText.trim()) ? Number(maxText.trim()) : Number.NaN;
  if (!Number.isInteger(max) || max > INT32_MAX) {
    return invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', maxText ?? '');
  }
  if (max < 0) return invalidArgument(`Argument maxKeys must be an integer between 0 and ${INT32_MAX}`, 'maxKeys', maxText ?? '');
  const prefix = params.get('prefix') ?? '';
  const delimiter = params.get('delimiter') ?? '';
  const startAfter = params.get(version === 2 ? 'start-after' : 'marker') ?? '';
  const continuationToken = version === 2 ? params.get('continuation-token') : null;
  let after: string | null = startAfter || null;
  if (continuationToken !== null) {
    const resumed = decodeContinuation(continuationToken, listingOf(bucket, prefix, delimiter));
    if (resumed === null) return invalidArgument('The continuation token provided is incorrect', 'continuation-token', continuationToken);
    after = resumed;
  }
  return {
    version,
    prefix,
    delimiter,
    maxKeys: Math.min(max, S3_MAX_KEYS),
    startAfter,
    continuationToken,
    after,
    fetchOwner: version === 1 || params.get('fetch-owner') === 'true',
    urlEncoded: encoding === 'url',
  };
}

/** One page of a listing. */
export interface ListPage {
  contents: S3Object[];
  commonPrefixes: string[];
  isTruncated: boolean;
  last: string | null; // the page's last entry (key or CommonPrefix), when a page follows
}

/** The page `query` asks of `objects` (in any order; listed in S3's order). */
export function listObjects(objects: readonly S3Object[], query: Pick<ListQuery, 'prefix' | 'delimiter' | 'maxKeys' | 'after'>): ListPage {
  const { prefix, delimiter, maxKeys, after } = query;
  const rollUp = (key: string): string | null => {
    if (!delimiter) return null;
    const at = key.indexOf(delimiter, prefix.length);
    return at < 0 ? null : key.slice(0, at + delimiter.length);
  };
  const contents: S3Object[] = [];
  const commonPrefixes: string[] = [];
  let last: string | null = null;
  for (const object of [...objects].sort((a, b) => compareKeys(a.key, b.key))) {
    const { key } = object;
    if (!key.startsWith(prefix) || (after !== null && compareKeys(key, after) <= 0)) continue;
    const group = rollUp(key);
    if (group !== null && (group === last || group === after)) continue; // rolled up already, here or on the page before
    if (contents.length + commonPrefixes.length === maxKeys) return { contents, commonPrefixes, isTruncated: maxKeys > 0, last };
    if (group === null) contents.push(object);
    else commonPrefixes.push(group);
    last = group ?? key;
  }
  return { contents, commonPrefixes, isTruncated: false, last: null };
}

/** S3 orders keys by their UTF-8 bytes, which is code point order. UTF-16 units differ from it
 *  only where a surrogate meets a unit from U+E000 up: those are moved past each other. */
export function compareKeys(a: string, b: string): number {
  const rank = (unit: number) => (unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

/** The ListBucketResult of a page, v1 or v2 as the query asked. */
export function listXml(bucket: string, query: ListQuery, page: ListPage): string {
  const encode = (text: string) => (query.urlEncoded ? s3UrlEncode(text) : text);
  const contents = page.contents.map((object) => ({
    Key: encode(object.key),
    LastModified: new Date(Math.floor(object.lastModifiedMs / 1000) * 1000).toISOString(),
    ETag: object.etag,
    Size: object.size,
    ...(query.fetchOwner ? { Owner: OWNER } : {}),
    StorageClass: 'STANDARD',
  }));
  const optional = (name: string, value: string) => (value ? { [name]: encode(value) } : {});
  const next = page.isTruncated && page.last !== null ? page.last : null;
  const paging: XmlContent =
    query.version === 2
      ? {
          KeyCount: page.contents.length + page.commonPrefixes.length,
          IsTruncated: page.isTruncated,
          ...(query.continuationToken !== null ? { ContinuationToken: query.continuationToken } : {}),
          ...(next !== null ? { NextContinuationToken: encodeContinuation(next, listingOf(bucket, query.prefix, query.delimiter)) } : {}),
          ...optional('StartAfter', query.startAfter),
        }
      : {
          Marker: encode(query.startAfter),
          // S3 sends NextMarker only with a delimiter; without one, the last Key is the next marker.
          ...(next !== null && query.delimiter ? { NextMarker: encode(next) } : {}),
          IsTruncated: page.isTruncated,
        };
  return xmlDocument(
    'ListBucketResult',
    {
      Name: bucket,
      Prefix: encode(query.prefix),
      ...optional('Delimiter', query.delimiter),
      MaxKeys: query.maxKeys,
      ...(query.urlEncoded ? { EncodingType: 'url' } : {}),
      ...paging,
      Contents: contents,
      CommonPrefixes: page.commonPrefixes.map((prefix) => ({ Prefix: encode(prefix) })),
    },
    S3_NAMESPACE,
  );
}

/** encoding-type=url as S3 applies it: percent-encoded UTF-8, a space as "+", "/" kept. */
export const s3UrlEncode = (text: string): string => encodeURIComponent(text).replaceAll('%20', '+').replaceAll('%2F', '/');

// Continuation tokens: the entry to resume after, and a check over it and the listing.
const listingOf = (bucket: string, prefix: string, delimiter: string) => JSON.stringify([bucket, prefix, delimiter]);
const tokenCheck = (listing: string, payload: string) => checkOf(`${listing}\n${payload}`, 's3-');

function encodeContinuation(after: string, listing: string): string {
  const payload = btoa(String.fromCodePoint(...new TextEncoder().encode(after)));
  return `${payload}.${tokenCheck(listing, payload)}`;
}

function decodeContinuation(token: string, listing: string): string | null {
  const [payload = '', check, extra] = token.split('.');
  if (extra !== undefined || check !== tokenCheck(listing, payload)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}
