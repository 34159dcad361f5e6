import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { S3_MAX_KEYS } from '../limits';
import { S3Error } from './errors';
import { compareKeys, type ListQuery, listObjects, listXml, parseListQuery, type S3Object } from './list';
import { parseXml } from './xml';

const object = (key: string): S3Object => ({
  key,
  size: key.length,
  etag: `"${'0'.repeat(32)}"`,
  lastModifiedMs: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
});
const query = (search: string, bucket = 'bucket') => {
  const q = parseListQuery(new URLSearchParams(search), bucket);
  if (q instanceof S3Error) throw new Error(`${q.code}: ${q.message}`);
  return q;
};
const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
/** What botocore does with encoding-type=url: unquote_plus. */
const unquotePlus = (text: string) => decodeURIComponent(text.replaceAll('+', ' '));

type Result = { Contents?: { Key: string } | { Key: string }[]; CommonPrefixes?: { Prefix: string } | { Prefix: string }[] } & Record<
  string,
  string
>;
/** A page as a client reads it: the XML answer, parsed. */
function page(objects: S3Object[], q: ListQuery, bucket = 'bucket'): Result {
  const parsed = parseXml(listXml(bucket, q, listObjects(objects, q))) as { ListBucketResult: Result };
  return parsed.ListBucketResult;
}

/** The whole listing, computed plainly: keys under the prefix in order, rolled up at the delimiter. */
function expected(keys: string[], prefix: string, delimiter: string): string[] {
  const entries = keys
    .filter((k) => k.startsWith(prefix))
    .sort(compareKeys)
    .map((k) => {
      const at = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
      return at < 0 ? k : `CP:${k.slice(0, at + delimiter.length)}`;
    });
  return entries.filter((e, i) => e !== entries[i - 1]);
}

/** A page's Contents and CommonPrefixes merged in listing order (S3 sends them apart). */
const inOrder = (entries: string[]) => [...entries].sort((a, b) => compareKeys(a.replace(/^CP:/, ''), b.replace(/^CP:/, '')));

const keys = fc.uniqueArray(fc.string({ unit: fc.constantFrom('a', 'b', '/', ' ', '+', 'é', '😀', '%'), minLength: 1, maxLength: 6 }), {
  maxLength: 40,
});

describe('paging a listing', () => {
  it('ListObjectsV2 yields every key and CommonPrefix exactly once, in order, whatever the page size; CommonPrefixes count toward max-keys', () => {
    fc.assert(
      fc.property(
        keys,
        fc.constantFrom('', 'a', 'a/', 'é'),
        fc.constantFrom('', '/', 'b'),
        fc.integer({ min: 1, max: 7 }),
        (all, prefix, delimiter, size) => {
          const objects = all.map(object);
          const seen: string[] = [];
          let token: string | undefined;
          for (let pages = 0; pages <= all.length + 1; pages++) {
            const params = new URLSearchParams({ 'list-type': '2', prefix, delimiter, 'max-keys': String(size), 'encoding-type': 'url' });
            if (token) params.set('continuation-token', token);
            const result = page(objects, query(params.toString()));
            const entries = [
              ...list(result.Contents).map((c) => unquotePlus(c.Key)),
              ...list(result.CommonPrefixes).map((c) => `CP:${unquotePlus(c.Prefix)}`),
            ];
            expect(Number(result.KeyCount)).toBe(entries.length);
            expect(entries.length).toBeLessThanOrEqual(size);
            seen.push(...entries);
            if (result.IsTruncated === 'false') {
              expect(result.NextContinuationToken).toBeUndefined();
              break;
            }
            expect(entries.length).toBe(size);
            token = result.NextContinuationToken;
          }
          // Within a page keys come before prefixes; across the listing, each entry once, in order.
          expect([...seen].sort()).toEqual([...expected(all, prefix, delimiter)].sort());
          expect(new Set(seen).size).toBe(seen.length);
        },
      ),
    );
  });

  it('ListObjects (v1) pages with NextMarker (with a delimiter) or the last Key (without), as clients do', () => {
    fc.assert(
      fc.property(keys, fc.constantFrom('', '/'), fc.integer({ min: 1, max: 7 }), (all, delimiter, size) => {
        const objects = all.map(object);
        const seen: string[] = [];
        let marker = '';
        for (let pages = 0; pages <= all.length + 1; pages++) {
          const result = page(objects, query(new URLSearchParams({ delimiter, marker, 'max-keys': String(size) }).toString()));
          const contents = list(result.Contents).map((c) => c.Key);
          seen.push(...inOrder([...contents, ...list(result.CommonPrefixes).map((c) => `CP:${c.Prefix}`)]));
          if (result.IsTruncated === 'false') break;
          marker = delimiter ? (result.NextMarker ?? '') : (contents.at(-1) ?? '');
          expect(marker).not.toBe('');
        }
        expect(seen).toEqual(expected(all, '', delimiter));
      }),
    );
  });

  it('orders keys by UTF-8 bytes, as S3 does, not by UTF-16 units', () => {
    const utf8 = (k: string) => Array.from(new TextEncoder().encode(k), (b) => b.toString(16).padStart(2, '0')).join('');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(Math.sign(compareKeys(a, b))).toBe(Math.sign(utf8(a) < utf8(b) ? -1 : utf8(a) > utf8(b) ? 1 : 0));
      }),
    );
    const keys = ['\u{FF61}', '\u{1F600}', 'a'];
    expect(listObjects(keys.map(object), query('list-type=2')).contents.map((c) => c.key)).toEqual(['a', '\u{FF61}', '\u{1F600}']);
  });

  it('starts after start-after, and a token wins over it', () => {
    const objects = ['a', 'b', 'c', 'd'].map(object);
    expect(listObjects(objects, query('list-type=2&start-after=b')).contents.map((c) => c.key)).toEqual(['c', 'd']);
    const first = page(objects, query('list-type=2&max-keys=1'));
    const resumed = listObjects(
      objects,
      query(`list-type=2&start-after=c&continuation-token=${encodeURIComponent(first.NextContinuationToken ?? '')}`),
    );
    expect(resumed.contents.map((c) => c.key)).toEqual(['b', 'c', 'd']);
  });
});

describe('the query', () => {
  it.each([
    ['list-type=2&max-keys=x', 'max-keys'],
    ['list-type=2&max-keys=1.5', 'max-keys'],
    ['list-type=2&max-keys=99999999999', 'max-keys'],
    ['list-type=2&max-keys=-1', 'maxKeys'],
    ['list-type=2&encoding-type=base64', 'encoding-type'],
    ['list-type=3', 'list-type'],
    ['list-type=2&continuation-token=garbage', 'continuation-token'],
  ])('%s is InvalidArgument naming %s', (search, argument) => {
    const answer = parseListQuery(new URLSearchParams(search), 'bucket');
    expect(answer).toBeInstanceOf(S3Error);
    expect(answer).toMatchObject({ code: 'InvalidArgument', status: 400, detail: { ArgumentName: argument } });
  });

  it('refuses a token once edited, or in another listing', () => {
    const objects = ['a/1', 'a/2', 'b'].map(object);
    const token = page(objects, query('list-type=2&max-keys=1&prefix=a/')).NextContinuationToken ?? '';
    expect(
      parseListQuery(new URLSearchParams({ 'list-type': '2', prefix: 'a/', 'continuation-token': token }), 'bucket'),
    ).not.toBeInstanceOf(S3Error);
    for (const [bucket, prefix, sent] of [
      ['other', 'a/', token],
      ['bucket', '', token],
      ['bucket', 'a/', `x${token}`],
      ['bucket', 'a/', `${token}.x`],
      ['bucket', 'a/', `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`],
    ] as const) {
      expect(parseListQuery(new URLSearchParams({ 'list-type': '2', prefix, 'continuation-token': sent }), bucket)).toBeInstanceOf(S3Error);
    }
  });

  it(`defaults max-keys to ${S3_MAX_KEYS}, caps it there, and allows 0 (an empty, untruncated page)`, () => {
    const objects = Array.from({ length: S3_MAX_KEYS + 5 }, (_, i) => object(`k${String(i).padStart(5, '0')}`));
    expect(listObjects(objects, query('list-type=2')).contents).toHaveLength(S3_MAX_KEYS);
    expect(query('list-type=2&max-keys=5000').maxKeys).toBe(S3_MAX_KEYS);
    expect(listObjects(objects, query('list-type=2&max-keys=0'))).toEqual({
      contents: [],
      commonPrefixes: [],
      isTruncated: false,
      last: null,
    });
  });
});

describe('the answer', () => {
  it('is a ListBucketResult in S3’s namespace, with every member S3 sends', () => {
    const objects = ['exports/j/part-00000.gz', 'exports/j/part-00001.gz', 'other/x'].map(object);
    const q = query('list-type=2&prefix=exports/&delimiter=&fetch-owner=true&max-keys=1');
    const xml = listXml('bucket', q, listObjects(objects, q));
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ListBucketResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/">/,
    );
    const result = page(objects, q) as unknown as Record<string, unknown>;
    expect(result).toMatchObject({
      Name: 'bucket',
      Prefix: 'exports/',
      MaxKeys: '1',
      KeyCount: '1',
      IsTruncated: 'true',
      Contents: {
        Key: 'exports/j/part-00000.gz',
        LastModified: '2026-01-02T03:04:05.000Z',
        ETag: `"${'0'.repeat(32)}"`,
        Size: String('exports/j/part-00000.gz'.length),
        Owner: { ID: expect.stringMatching(/^[0-9a-f]{64}$/), DisplayName: expect.any(String) },
        StorageClass: 'STANDARD',
      },
    });
    expect(result).not.toHaveProperty('Delimiter');
    expect((page(objects, query('list-type=2')).Contents as unknown as object[])[0]).not.toHaveProperty('Owner');
  });

  it('URL-encodes Key, Prefix, Delimiter, StartAfter and CommonPrefixes under encoding-type=url, and nothing else', () => {
    const objects = ['a b/c+d', 'a b/é', 'a b+x'].map(object);
    const result = page(
      objects,
      query(
        new URLSearchParams({ 'list-type': '2', prefix: 'a b', delimiter: '/', 'start-after': 'a a', 'encoding-type': 'url' }).toString(),
      ),
    );
    expect(result).toMatchObject({ Prefix: 'a+b', Delimiter: '/', StartAfter: 'a+a', EncodingType: 'url' });
    expect(list(result.Contents).map((c) => c.Key)).toEqual(['a+b%2Bx']);
    expect(list(result.CommonPrefixes).map((c) => c.Prefix)).toEqual(['a+b/']);
    const plain = page(objects, query(new URLSearchParams({ 'list-type': '2', prefix: 'a b/' }).toString()));
    expect(list(plain.Contents).map((c) => c.Key)).toEqual(['a b/c+d', 'a b/é']);
    expect(plain).not.toHaveProperty('EncodingType');
  });
});

describe('what S3 says of a query it refuses', () => {
  it.each([
    ['list-type=3', 'Invalid List Type specified in Request', 'list-type', '3'],
    ['list-type=2&encoding-type=URL', 'Invalid Encoding Method specified in Request', 'encoding-type', 'URL'],
    ['list-type=2&max-keys=ten', 'Provided max-keys not an integer or within integer range', 'max-keys', 'ten'],
    ['list-type=2&max-keys=5x', 'Provided max-keys not an integer or within integer range', 'max-keys', '5x'],
    ['list-type=2&max-keys=x5', 'Provided max-keys not an integer or within integer range', 'max-keys', 'x5'],
    ['list-type=2&max-keys=2147483648', 'Provided max-keys not an integer or within integer range', 'max-keys', '2147483648'],
    ['max-keys=-1', 'Argument maxKeys must be an integer between 0 and 2147483647', 'maxKeys', '-1'],
    ['list-type=2&continuation-token=abc.def', 'The continuation token provided is incorrect', 'continuation-token', 'abc.def'],
  ])('%s: %s, naming %s=%s', (search, message, name, value) => {
    expect(parseListQuery(new URLSearchParams(search), 'bucket')).toEqual(
      new S3Error('InvalidArgument', message, { ArgumentName: name, ArgumentValue: value }),
    );
  });

  it('takes max-keys up to 2147483647 (and lists at most 1000), blanks around it included', () => {
    expect(query('list-type=2&max-keys=2147483647').maxKeys).toBe(S3_MAX_KEYS);
    expect(query('list-type=2&max-keys=%205%20').maxKeys).toBe(5);
  });

  it('reads continuation-token in ListObjectsV2 only: ListObjects ignores it, as S3 does', () => {
    expect(query('marker=b&continuation-token=garbage')).toMatchObject({ version: 1, continuationToken: null, after: 'b' });
  });
});

describe('the members a page holds', () => {
  const objects = ['a/1', 'a/2', 'b', 'c'].map(object);

  it('ListObjectsV2 echoes the ContinuationToken it was sent, and has none on a first page', () => {
    const first = page(objects, query('list-type=2&max-keys=1'));
    expect(first).not.toHaveProperty('ContinuationToken');
    const token = first.NextContinuationToken ?? '';
    const second = page(objects, query(`list-type=2&max-keys=1&continuation-token=${encodeURIComponent(token)}`));
    expect(second.ContinuationToken).toBe(token);
  });

  it('ListObjects sends NextMarker on a truncated page with a delimiter, and never without one or on a last page', () => {
    expect(page(objects, query('delimiter=/&max-keys=1'))).toMatchObject({ NextMarker: 'a/', IsTruncated: 'true' });
    expect(page(objects, query('max-keys=1'))).not.toHaveProperty('NextMarker');
    expect(page(objects, query('delimiter=/'))).not.toHaveProperty('NextMarker');
  });

  it('lists each object’s Owner in ListObjects, and in ListObjectsV2 only with fetch-owner=true', () => {
    expect(list(page(objects, query('')).Contents as unknown as object[])[0]).toHaveProperty('Owner');
    expect(list(page(objects, query('list-type=2&fetch-owner=false')).Contents as unknown as object[])[0]).not.toHaveProperty('Owner');
  });

  it('rolls nothing up when no delimiter is asked, and names none', () => {
    const result = page(objects, query('list-type=2'));
    expect(list(result.Contents).map((c) => c.Key)).toEqual(['a/1', 'a/2', 'b', 'c']);
    expect(result).not.toHaveProperty('Delimiter');
    expect(result).not.toHaveProperty('CommonPrefixes');
  });

  it('resumes after a key that begins with a byte order mark, not after the key without it', () => {
    const marked = ['\uFEFFa', '\uFEFFb', 'a'].map(object);
    const seen: string[] = [];
    let token = '';
    for (let pages = 0; pages < 5; pages++) {
      const result = page(marked, query(`list-type=2&max-keys=1${token && `&continuation-token=${encodeURIComponent(token)}`}`));
      seen.push(...list(result.Contents).map((c) => c.Key));
      if (result.IsTruncated === 'false') break;
      token = result.NextContinuationToken ?? '';
    }
    expect(seen).toEqual(['a', '\uFEFFa', '\uFEFFb']);
  });
});

describe('the order of keys, where UTF-16 and UTF-8 disagree', () => {
  // U+E000 and above sort before a surrogate pair in UTF-16, after it in UTF-8 (as S3 sorts).
  it.each([
    ['\uD7FF', '\uE000'],
    ['\uE000', '\u{10000}'],
    ['\uF000', '\u{10000}'],
    ['\uFFFF', '\u{10000}'],
    ['\uD7FF', '\u{10000}'],
  ])('%j before %j', (a, b) => {
    expect(compareKeys(a, b)).toBeLessThan(0);
    expect(compareKeys(b, a)).toBeGreaterThan(0);
  });
});
