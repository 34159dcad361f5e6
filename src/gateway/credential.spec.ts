// The credential parser on its own: every key id SigV4 allows reads back as itself, from the
// Authorization header and from a presigned URL alike, and so names the same tenant either way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../invalid';
import { MAX_ACCESS_KEY_ID_LENGTH } from '../limits';
import { ALGORITHM, readCredential, SIGNING_PARAMETERS, tenantName, unsignedAuthorization } from './credential';

const URL_BASE = 'https://sandbox.test/v1/apps/app/jobs/export';
const KEY_CHARACTERS = [...Array(0x7f - 0x21)].map((_, i) => String.fromCharCode(0x21 + i)).filter((c) => c !== '/' && c !== ',');
const keyId = fc.string({ unit: fc.constantFrom(...KEY_CHARACTERS), minLength: 1, maxLength: MAX_ACCESS_KEY_ID_LENGTH });
const region = fc.constantFrom('us-east-1', 'eu-west-3', 'ap-southeast-2');

const presigned = (key: string, where: string, extra: Record<string, string> = {}) =>
  `${URL_BASE}?${new URLSearchParams({
    'X-Amz-Algorithm': ALGORITHM,
    'X-Amz-Credential': `${key}/20261129/${where}/mobiletargeting/aws4_request`,
    'X-Amz-Date': '20261129T000000Z',
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': '0'.repeat(64),
    ...extra,
  })}`;

describe('readCredential', () => {
  it('reads every key id SigV4 allows as itself, from the header and from the query, as one tenant', () => {
    fc.assert(
      fc.property(keyId, region, (key, where) => {
        const fromHeader = readCredential(unsignedAuthorization(key, { region: where }), URL_BASE);
        const fromQuery = readCredential(null, presigned(key, where));
        for (const credential of [fromHeader, fromQuery]) {
          expect(credential).not.toBeInstanceOf(Invalid);
          expect(credential).toMatchObject({ keyId: key, region: where, service: 'mobiletargeting' });
        }
        expect(tenantName(fromHeader as Exclude<typeof fromHeader, Invalid>)).toBe(`${key}/${where}`);
        expect(tenantName(fromQuery as Exclude<typeof fromQuery, Invalid>)).toBe(`${key}/${where}`);
      }),
    );
  });

  it('refuses a key id one character too long, or holding a "/", rather than reading another tenant', () => {
    fc.assert(
      fc.property(keyId, fc.nat(), (key, at) => {
        const cut = at % (key.length + 1);
        for (const bad of ['K'.repeat(MAX_ACCESS_KEY_ID_LENGTH + 1), `${key.slice(0, cut)}/${key.slice(cut)}`]) {
          expect(readCredential(unsignedAuthorization(bad), URL_BASE)).toBeInstanceOf(Invalid);
          expect(readCredential(null, presigned(bad, 'us-east-1'))).toBeInstanceOf(Invalid);
        }
      }),
    );
  });

  it('leaves a request unsigned when it carries neither form', () => {
    expect(readCredential(null, URL_BASE)).toBeNull();
    expect(readCredential('Basic dXNlcjpwYXNz', `${URL_BASE}?X-Amz-Date=20261129T000000Z`)).toBeNull();
    expect(tenantName(null)).toBe('anonymous');
  });

  it('reads every part of the credential, signed headers split, as sent in the header or the query', () => {
    expect(readCredential(unsignedAuthorization('AKID'), URL_BASE)).toEqual({
      in: 'header',
      keyId: 'AKID',
      day: '20261129',
      region: 'us-east-1',
      service: 'mobiletargeting',
      signedHeaders: ['host', 'x-amz-date'],
      signature: '0'.repeat(64),
      amzDate: null,
      expiresS: null,
    });
    const url = presigned('AKID', 'eu-west-3', {
      'X-Amz-SignedHeaders': 'host;x-amz-date',
      'X-Amz-Expires': '300',
      'X-Amz-Signature': 'abc123',
    });
    expect(readCredential(null, url)).toEqual({
      in: 'query',
      keyId: 'AKID',
      day: '20261129',
      region: 'eu-west-3',
      service: 'mobiletargeting',
      signedHeaders: ['host', 'x-amz-date'],
      signature: 'abc123',
      amzDate: '20261129T000000Z',
      expiresS: '300',
    });
  });

  it('reads the header’s members around spaces, in any order, and skips a part without a name', () => {
    const header = `${ALGORITHM} Signature = abc ,=x, SignedHeaders=host , Credential= K/20261129/us-east-1/mobiletargeting/aws4_request`;
    expect(readCredential(header, URL_BASE)).toMatchObject({ keyId: 'K', signedHeaders: ['host'], signature: 'abc' });
  });

  it('names the form of a credential it cannot read', () => {
    expect(readCredential(unsignedAuthorization('K', { day: '2026-11-29' }), URL_BASE)).toEqual(
      new Invalid(
        'Malformed Credential "K/2026-11-29/us-east-1/mobiletargeting/aws4_request": expected <access key id of 1 to 128 characters>/<yyyymmdd>/<region>/<service>/aws4_request.',
      ),
    );
  });

  const HEADER_FORM = `Authorization header requires '${ALGORITHM} Credential=…, SignedHeaders=…, Signature=…'`;
  const CREDENTIAL = 'Credential=K/20261129/us-east-1/mobiletargeting/aws4_request';
  it.each([
    [ALGORITHM, `${HEADER_FORM}: Credential, SignedHeaders, Signature missing or empty.`],
    [`${ALGORITHM} ${CREDENTIAL}, SignedHeaders=host, SignatureX`, `${HEADER_FORM}: Signature missing or empty.`],
    [`${ALGORITHM} ${CREDENTIAL}, SignedHeaders=, Signature=ab cd`, `${HEADER_FORM}: SignedHeaders, Signature missing or empty.`],
    [
      `AWS4-HMAC-SHA1 ${CREDENTIAL}, SignedHeaders=host, Signature=abc`,
      `Unsupported Authorization algorithm "AWS4-HMAC-SHA1": expected ${ALGORITHM}.`,
    ],
    ['AWS4-X', `Unsupported Authorization algorithm "AWS4-X": expected ${ALGORITHM}.`],
  ])('refuses the Authorization header %j, naming what is wrong', (header, message) => {
    expect(readCredential(header, URL_BASE)).toEqual(new Invalid(message));
  });

  const QUERY_FORM =
    'A request signed in its query string requires X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders, X-Amz-Signature';
  it.each([
    [{ 'X-Amz-Date': '' }, `${QUERY_FORM}: X-Amz-Date missing or empty.`],
    [{ 'X-Amz-Algorithm': '', 'X-Amz-Signature': '' }, `${QUERY_FORM}: X-Amz-Algorithm, X-Amz-Signature missing or empty.`],
    [{ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA1' }, `Unsupported X-Amz-Algorithm "AWS4-HMAC-SHA1": expected ${ALGORITHM}.`],
  ])('refuses a presigned URL with %j, naming what is wrong', (extra, message) => {
    expect(readCredential(null, presigned('K', 'us-east-1', extra))).toEqual(new Invalid(message));
  });

  it('refuses a request signed both in its header and in its query', () => {
    expect(readCredential(unsignedAuthorization('K'), presigned('K', 'us-east-1'))).toEqual(
      new Invalid('Only one auth mechanism allowed: the request is signed both in its Authorization header and in its query string.'),
    );
  });

  it('counts every parameter of a presigned URL as one of its signature’s, none as the operation’s', () => {
    const url = new URL(presigned('K', 'us-east-1', { 'X-Amz-Expires': '300', 'X-Amz-Security-Token': 'token' }));
    expect([...url.searchParams.keys()].filter((name) => !SIGNING_PARAMETERS.has(name))).toEqual([]);
    expect(SIGNING_PARAMETERS.has('page-size')).toBe(false);
  });
});
