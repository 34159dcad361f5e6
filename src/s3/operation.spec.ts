import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { S3Error } from './errors';
import { resolveS3Request } from './operation';

const resolve = (method: string, pathAndQuery: string) => {
  const [path = '', query = ''] = pathAndQuery.split('?');
  const answer = resolveS3Request(method, path, new URLSearchParams(query));
  return answer instanceof S3Error ? `${answer.status} ${answer.code}` : answer;
};

describe('which S3 operation a request is', () => {
  it.each([
    // The AWS SDK for JavaScript v3 (path-style) sends the trailing slash; botocore does not.
    ['GET', '/bucket/?list-type=2&prefix=exports%2F&x-id=ListObjectsV2', { operation: 'ListObjectsV2', bucket: 'bucket' }],
    ['GET', '/bucket?list-type=2&prefix=exports/&encoding-type=url', { operation: 'ListObjectsV2', bucket: 'bucket' }],
    ['GET', '/bucket?marker=a', { operation: 'ListObjects', bucket: 'bucket' }],
    ['GET', '/bucket', { operation: 'ListObjects', bucket: 'bucket' }],
    ['HEAD', '/bucket', { operation: 'HeadBucket', bucket: 'bucket' }],
    ['POST', '/bucket?delete', { operation: 'DeleteObjects', bucket: 'bucket' }],
    ['POST', '/bucket/?delete=&x-id=DeleteObjects', { operation: 'DeleteObjects', bucket: 'bucket' }],
    ['GET', '/bucket/exports/j/part-00000.gz?x-id=GetObject', { operation: 'GetObject', bucket: 'bucket', key: 'exports/j/part-00000.gz' }],
    ['get', '/my.bucket-1/a%20b/%F0%9F%98%80+c', { operation: 'GetObject', bucket: 'my.bucket-1', key: 'a b/😀+c' }],
    ['HEAD', '/bucket/k', { operation: 'HeadObject', bucket: 'bucket', key: 'k' }],
    ['DELETE', '/bucket/k', { operation: 'DeleteObject', bucket: 'bucket', key: 'k' }],
    ['GET', '/bucket//leading-slash', { operation: 'GetObject', bucket: 'bucket', key: '/leading-slash' }],
  ])('%s %s is %j', (method, path, expected) => {
    expect(resolve(method, path)).toEqual(expected);
  });

  it.each([
    ['GET', '', '501 NotImplemented'], // ListBuckets
    ['GET', '/', '501 NotImplemented'],
    ['PUT', '/bucket/k', '501 NotImplemented'], // PutObject
    ['POST', '/bucket/k?uploads', '501 NotImplemented'],
    ['PUT', '/bucket', '501 NotImplemented'], // CreateBucket
    ['DELETE', '/bucket', '501 NotImplemented'], // DeleteBucket
    ['GET', '/bucket?versions', '501 NotImplemented'],
    ['GET', '/bucket?location', '501 NotImplemented'],
    ['GET', '/bucket/k?tagging', '501 NotImplemented'],
    ['GET', '/bucket/k?acl&tagging', '501 NotImplemented'],
    ['GET', '/bucket?delete', '501 NotImplemented'],
    ['PATCH', '/bucket/k', '405 MethodNotAllowed'],
    ['OPTIONS', '/bucket', '405 MethodNotAllowed'],
    ['GET', '/Bucket_Upper', '400 InvalidBucketName'],
    ['GET', '/ab', '400 InvalidBucketName'],
    ['GET', '/a..b', '400 InvalidBucketName'],
    ['GET', '/192.168.1.1/x/part-00000.gz', '400 InvalidBucketName'], // IP-address-shaped
    ['GET', '/xn--bucket', '400 InvalidBucketName'],
    ['GET', '/exports-s3alias', '400 InvalidBucketName'],
    ['GET', '/bucket/%E0%A4%A', '400 InvalidURI'],
    ['GET', `/bucket/${'k'.repeat(1025)}`, '400 KeyTooLongError'],
  ])('%s %s is %s', (method, path, expected) => {
    expect(resolve(method, path)).toBe(expected);
  });

  it('answers anything with an operation or an S3 error, never a throw', () => {
    const text = fc.string({
      unit: fc.constantFrom('/', '?', '%', 'a', 'B', '.', '-', '&', '=', 'é', ' ', 'delete', 'acl'),
      maxLength: 30,
    });
    fc.assert(
      fc.property(fc.constantFrom('GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', 'TRACE', 'X'), text, text, (method, path, query) => {
        const answer = resolveS3Request(method, `/${path}`, new URLSearchParams(query));
        if (answer instanceof S3Error) expect([400, 405, 501]).toContain(answer.status);
        else expect(answer.bucket).toMatch(/^[a-z0-9.-]{3,63}$/);
      }),
    );
  });
});
