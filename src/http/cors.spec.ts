import { describe, expect, it } from 'vitest';
import { HARNESS_HEADER_NAMES } from '../harness/parse';
import { addCorsHeaders, preflightAllowing } from './cors';

const preflight = preflightAllowing(HARNESS_HEADER_NAMES); // as the router makes it

describe('addCorsHeaders', () => {
  it('lets any page read an answer to a request without Origin', () => {
    const headers: Record<string, string> = {};
    addCorsHeaders(headers, null);
    expect(headers).toEqual({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers':
        'x-amzn-RequestId, x-amzn-ErrorType, x-amz-apigw-id, X-Amzn-Trace-Id, x-mock-applied, x-sandbox-tenant, Retry-After, x-amz-request-id, x-amz-id-2, ETag, Content-Range, Accept-Ranges, x-amz-bucket-region',
    });
  });

  it('names the Origin it allows, and says the answer varies by Origin, after any Vary already there', () => {
    const headers: Record<string, string> = {};
    addCorsHeaders(headers, 'https://app.example');
    expect(headers['Access-Control-Allow-Origin']).toBe('https://app.example');
    expect(headers.Vary).toBe('Origin');
    const varied: Record<string, string> = { Vary: 'Accept' };
    addCorsHeaders(varied, 'https://app.example');
    expect(varied.Vary).toBe('Accept, Origin');
  });
});

describe('preflight', () => {
  const ask = (headers: Record<string, string> = {}) => new Request('https://sandbox.test/x', { method: 'OPTIONS', headers });

  it('answers 200 with no body, the path’s methods, for a day, allowing the headers the browser asks for', () => {
    expect(preflight(ask({ 'access-control-request-headers': 'x-custom, authorization' }), 'GET, HEAD, OPTIONS')).toEqual({
      status: 200,
      body: null,
      headers: {
        'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
        'Access-Control-Allow-Headers': 'x-custom, authorization',
        'Access-Control-Max-Age': '86400',
      },
    });
  });

  it('allows, when the browser names none, the headers the SDKs send and every harness header', () => {
    const allowed = preflight(ask(), 'POST').headers['Access-Control-Allow-Headers']?.split(', ');
    // What the AWS SDKs send on a signed call (SigV4, a session token, their retry and user-agent headers).
    const sdk =
      'authorization content-type x-amz-date x-amz-content-sha256 x-amz-security-token x-amz-user-agent amz-sdk-invocation-id amz-sdk-request';
    // What S3's SDK adds for ranged and conditional reads on /_s3.
    const s3 = 'range if-match if-none-match if-modified-since if-unmodified-since';
    expect(allowed).toEqual([...sdk.split(' '), ...s3.split(' '), ...HARNESS_HEADER_NAMES]);
  });
});
