import { describe, expect, it } from 'vitest';
import { ANONYMOUS_TENANT, clientKey, tenantOf } from './client-key';

const signed = (credential: string, extra: Record<string, string> = {}) =>
  new Request('https://sandbox.test/', {
    headers: { authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host, Signature=00`, ...extra },
  });

describe('who a request comes from', () => {
  it.each([
    ['AKID1/20261129/us-east-1/mobiletargeting/aws4_request', 'key:AKID1', 'AKID1/us-east-1'],
    [`${'K'.repeat(128)}/20261129/eu-west-1/mobiletargeting/aws4_request`, `key:${'K'.repeat(128)}`, `${'K'.repeat(128)}/eu-west-1`],
  ])('a request signed with %s is %s, of the tenant %s', (credential, key, tenant) => {
    expect(clientKey(signed(credential))).toBe(key);
    expect(tenantOf(signed(credential))).toBe(tenant);
  });

  it.each([
    'AKID1/2026112/us-east-1/mobiletargeting/aws4_request',
    'AKID-1/20261129/us-east-1/mobiletargeting/aws4_request',
    'AKID1/20261129/US-EAST-1/mobiletargeting/aws4_request',
    `${'K'.repeat(129)}/20261129/us-east-1/mobiletargeting/aws4_request`,
    `AKID1/20261129/${'a'.repeat(33)}/mobiletargeting/aws4_request`,
    '/20261129/us-east-1/mobiletargeting/aws4_request',
  ])('a request whose credential %s names no key is counted by its IP, in the anonymous tenant', (credential) => {
    expect(clientKey(signed(credential, { 'cf-connecting-ip': '203.0.113.7' }))).toBe('ip:203.0.113.7');
    expect(tenantOf(signed(credential))).toBe(ANONYMOUS_TENANT);
  });

  it('an unsigned request without an IP is the unknown IP, in the anonymous tenant', () => {
    const request = new Request('https://sandbox.test/');
    expect([clientKey(request), tenantOf(request), ANONYMOUS_TENANT]).toEqual(['ip:unknown', 'anonymous', 'anonymous']);
  });
});
