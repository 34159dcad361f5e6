import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findS3Error, invalidArgument, isS3ErrorCode, S3_ERROR_CODES, S3_ERROR_STATUSES, S3_ERRORS, S3Error, s3ErrorXml } from './errors';
import { parseXml } from './xml';

describe("S3's error catalogue", () => {
  it.each([
    ['NoSuchKey', 404],
    ['NoSuchBucket', 404],
    ['AccessDenied', 403],
    ['InvalidRange', 416],
    ['SlowDown', 503],
    ['ServiceUnavailable', 503],
    ['InternalError', 500],
    ['NotImplemented', 501],
    ['MethodNotAllowed', 405],
    ['InvalidArgument', 400],
    ['InvalidRequest', 400],
    ['MalformedXML', 400],
    ['PreconditionFailed', 412],
    ['SignatureDoesNotMatch', 403],
    ['InvalidAccessKeyId', 403],
  ] as const)('answers %s with %i', (code, status) => {
    expect(new S3Error(code).status).toBe(status);
    expect(new S3Error(code).message).toBe(S3_ERRORS[code].message);
  });

  it('renders S3 XML: Code, Message, the detail, then RequestId, in that order', () => {
    const xml = s3ErrorXml(new S3Error('NoSuchKey', undefined, { Key: 'exports/a&b<c>.gz' }), 'REQ1');
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
        '<Key>exports/a&amp;b&lt;c&gt;.gz</Key><RequestId>REQ1</RequestId><HostId>REQ1</HostId></Error>',
    );
  });

  it('names the argument of an InvalidArgument as S3 does', () => {
    const parsed = parseXml(s3ErrorXml(invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', 'x'), 'R'));
    expect(parsed).toEqual({
      Error: {
        Code: 'InvalidArgument',
        Message: 'Provided max-keys not an integer or within integer range',
        ArgumentName: 'max-keys',
        ArgumentValue: 'x',
        RequestId: 'R',
        HostId: 'R',
      },
    });
  });

  it('round-trips any code, message and key through the XML', () => {
    // XML 1.0 cannot carry most control characters; S3 keys may, but S3 refuses them in XML too.
    const special = fc.constantFrom('&', '<', '>', '"', "'", ' ', 'é', '€', '\u{1F600}');
    const xmlText = fc
      .string({ unit: fc.oneof(special, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) })
      .filter((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20));
    fc.assert(
      fc.property(fc.constantFrom(...S3_ERROR_CODES), xmlText, xmlText, (code, message, key) => {
        const parsed = parseXml(s3ErrorXml(new S3Error(code, message || undefined, { Key: key }), 'R')) as {
          Error: Record<string, string>;
        };
        expect(parsed.Error.Code).toBe(code);
        expect(parsed.Error.Message).toBe(message || S3_ERRORS[code].message);
        expect(parsed.Error.Key).toBe(key);
      }),
    );
  });
});

describe('an injected S3 error (x-mock-error on the S3 mount)', () => {
  // A status is the error S3 itself answers with that status, so that an SDK raises the class
  // it would raise in production (503 is SlowDown, which SDKs retry as throttling).
  it.each([
    ['400', 'InvalidRequest'],
    ['403', 'AccessDenied'],
    ['404', 'NoSuchKey'],
    ['405', 'MethodNotAllowed'],
    ['412', 'PreconditionFailed'],
    ['416', 'InvalidRange'],
    ['500', 'InternalError'],
    ['501', 'NotImplemented'],
    ['503', 'SlowDown'],
  ] as const)('status %s is %s, an error of that status', (status, code) => {
    expect(findS3Error(status)).toBe(code);
    expect(new S3Error(code).status).toBe(Number(status));
  });

  it('offers exactly the statuses it has an S3 error for, each of them that status', () => {
    expect([...S3_ERROR_STATUSES].sort()).toEqual([400, 403, 404, 405, 412, 416, 500, 501, 503]);
    for (const status of S3_ERROR_STATUSES) expect(S3_ERRORS[findS3Error(String(status)) ?? 'InvalidURI'].status).toBe(status);
  });

  it.each([
    ['SlowDown', 'SlowDown'],
    ['slowdown', 'SlowDown'],
    ['ACCESSDENIED', 'AccessDenied'],
    ['NoSuchBucket', 'NoSuchBucket'],
  ] as const)('names the code %s in any case: %s', (text, code) => {
    expect(findS3Error(text)).toBe(code);
  });

  it.each(['418', '200', '5030', '50', 'x503', '503x', ' 503', 'Slow Down', 'TooManyRequestsException', ''])(
    'knows no S3 error %j',
    (text) => {
      expect(findS3Error(text)).toBeUndefined();
    },
  );

  it('tells an S3 code from a Pinpoint exception name', () => {
    for (const code of S3_ERROR_CODES) expect(isS3ErrorCode(code)).toBe(true);
    for (const name of ['TooManyRequestsException', 'NotFoundException', 'slowdown', 'toString', '503'])
      expect(isS3ErrorCode(name)).toBe(false);
  });
});
