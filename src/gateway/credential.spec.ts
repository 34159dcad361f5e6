// The credential parser on its own: every key id SigV4 allows reads back as itself, from the
// Authorization header and from a presigned URL alike, and so names the same tenant either way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../invalid';
import { MAX_ACCESS_KEY_ID_LENGTH } from '../limits';
import { ALGORITHM, readCredential, tenantName, unsignedAuthorization } from './credential';

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
});
