import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { S3Error } from './errors';
import { answerObject, checkConditions, conditionsOf, etagOf, httpDate, rangeOf } from './object-headers';

describe('Range', () => {
  const size = 1000;
  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, 999],
    ['bytes=-100', 900, 999],
    ['bytes=-5000', 0, 999],
    ['bytes=990-5000', 990, 999],
    ['bytes=999-999', 999, 999],
    ['  bytes = 5 - 9 ', 5, 9],
  ])('%s is 206 for bytes %i to %i', (header, start, end) => {
    expect(rangeOf(header, size)).toEqual({ status: 206, start, end, contentRange: `bytes ${start}-${end}/${size}` });
  });

  it.each([
    null,
    '',
    'bytes=',
    'bytes=-',
    'bytes=5-1',
    'bytes=0-1,5-9',
    'items=0-9',
    'bytes=a-b',
    'bytes=1-2-3',
    'xbytes=0-9',
    'bytes=0-9x',
  ])('%j is ignored: the whole object, 200', (header) => {
    expect(rangeOf(header, size)).toEqual({ status: 200 });
  });

  it.each([
    ['bytes=1000-', size],
    ['bytes=1000-2000', size],
    ['bytes=-0', size],
    ['bytes=0-', 0],
    ['bytes=-5', 0],
  ])('%s of %i bytes is 416 InvalidRange, naming the range and the size', (header, objectSize) => {
    const answer = rangeOf(header, objectSize);
    expect(answer).toBeInstanceOf(S3Error);
    expect(answer).toMatchObject({ code: 'InvalidRange', status: 416, detail: { RangeRequested: header, ActualObjectSize: objectSize } });
  });

  it('always answers bytes inside the object, or 416, or the whole', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.option(fc.nat(20_000)), fc.option(fc.nat(20_000)), (objectSize, a, b) => {
        const answer = rangeOf(`bytes=${a ?? ''}-${b ?? ''}`, objectSize);
        if (answer instanceof S3Error || answer.status === 200) return;
        expect(answer.start).toBeGreaterThanOrEqual(0);
        expect(answer.end).toBeGreaterThanOrEqual(answer.start);
        expect(answer.end).toBeLessThan(objectSize);
      }),
    );
  });
});

describe('conditional requests', () => {
  const etag = etagOf('0123456789abcdef0123456789abcdef');
  const modified = Date.UTC(2026, 2, 1, 12, 0, 0, 500);
  const none: Record<'ifMatch' | 'ifNoneMatch' | 'ifModifiedSince' | 'ifUnmodifiedSince', string | null> = {
    ifMatch: null,
    ifNoneMatch: null,
    ifModifiedSince: null,
    ifUnmodifiedSince: null,
  };
  const before = httpDate(modified - 1000);
  const at = httpDate(modified); // Last-Modified is to the second: 12:00:00.500 is "12:00:00"
  const after = httpDate(modified + 1000);
  const answer = (conditions: Partial<typeof none>) => {
    const result = checkConditions({ ...none, ...conditions }, etag, modified);
    return result instanceof S3Error ? `${result.status} ${result.detail.Condition}` : result;
  };

  it.each([
    [{}, 'proceed'],
    [{ ifMatch: etag }, 'proceed'],
    [{ ifMatch: '0123456789abcdef0123456789abcdef' }, 'proceed'],
    [{ ifMatch: `"other", ${etag}` }, 'proceed'],
    [{ ifMatch: '*' }, 'proceed'],
    [{ ifMatch: '"other", *' }, 'proceed'],
    [{ ifNoneMatch: '"other",  *' }, 'not-modified'],
    [{ ifMatch: '"other"' }, '412 If-Match'],
    [{ ifNoneMatch: etag }, 'not-modified'],
    [{ ifNoneMatch: `W/${etag}` }, 'not-modified'],
    [{ ifNoneMatch: '*' }, 'not-modified'],
    [{ ifNoneMatch: '"other"' }, 'proceed'],
    [{ ifModifiedSince: at }, 'not-modified'],
    [{ ifModifiedSince: after }, 'not-modified'],
    [{ ifModifiedSince: before }, 'proceed'],
    [{ ifModifiedSince: 'yesterday' }, 'proceed'],
    [{ ifUnmodifiedSince: at }, 'proceed'],
    [{ ifUnmodifiedSince: before }, '412 If-Unmodified-Since'],
    [{ ifUnmodifiedSince: 'garbage' }, 'proceed'],
    // S3's precedence: If-Match true wins over If-Unmodified-Since false; If-None-Match false wins over If-Modified-Since true.
    [{ ifMatch: etag, ifUnmodifiedSince: before }, 'proceed'],
    [{ ifNoneMatch: '"other"', ifModifiedSince: after }, 'proceed'],
    [{ ifNoneMatch: etag, ifModifiedSince: before }, 'not-modified'],
    [{ ifMatch: '"other"', ifNoneMatch: '"other"' }, '412 If-Match'],
    [{ ifMatch: etag, ifNoneMatch: etag }, 'not-modified'],
  ])('%j → %s', (conditions, expected) => {
    expect(answer(conditions)).toBe(expected);
  });

  it('reads the four headers of a request', () => {
    const headers = new Headers({ 'If-Match': 'a', 'If-None-Match': 'b', 'If-Modified-Since': 'c', 'If-Unmodified-Since': 'd' });
    expect(conditionsOf(headers)).toEqual({ ifMatch: 'a', ifNoneMatch: 'b', ifModifiedSince: 'c', ifUnmodifiedSince: 'd' });
  });
});

describe('ETag and Last-Modified', () => {
  it('are a quoted MD5 and an IMF-fixdate', () => {
    expect(etagOf('d41d8cd98f00b204e9800998ecf8427e')).toBe('"d41d8cd98f00b204e9800998ecf8427e"');
    expect(httpDate(Date.UTC(2026, 2, 1, 12, 0, 0, 500))).toBe('Sun, 01 Mar 2026 12:00:00 GMT');
  });
});

describe('the answer of GetObject and HeadObject', () => {
  const object = { etag: etagOf('0123456789abcdef0123456789abcdef'), size: 1000, lastModifiedMs: Date.UTC(2026, 2, 1, 12) };
  const about = { ETag: object.etag, 'Last-Modified': 'Sun, 01 Mar 2026 12:00:00 GMT', 'Accept-Ranges': 'bytes' };
  const answer = (headers: Record<string, string>, meta = object) => {
    const result = answerObject(new Headers(headers), meta);
    return 'error' in result ? { error: `${result.error.status} ${result.error.code}`, headers: result.headers } : result;
  };

  it.each([
    [{}, { status: 200, headers: { ...about, 'Content-Length': '1000' }, bytes: { start: 0, end: 999 } }],
    [
      { Range: 'bytes=10-19' },
      { status: 206, headers: { ...about, 'Content-Length': '10', 'Content-Range': 'bytes 10-19/1000' }, bytes: { start: 10, end: 19 } },
    ],
    [{ Range: 'bytes=2000-' }, { error: '416 InvalidRange', headers: { 'Content-Range': 'bytes */1000' } }],
    [
      { 'If-None-Match': object.etag, Range: 'bytes=2000-' },
      { status: 304, headers: about, bytes: null },
    ],
    [
      { 'If-Match': '"other"', Range: 'bytes=0-1' },
      { error: '412 PreconditionFailed', headers: {} },
    ],
  ])('%j → %j', (headers, expected) => {
    expect(answer(headers)).toEqual(expected);
  });

  it('sends no bytes of an empty object', () => {
    expect(answer({}, { ...object, size: 0 })).toEqual({ status: 200, headers: { ...about, 'Content-Length': '0' }, bytes: null });
  });
});
