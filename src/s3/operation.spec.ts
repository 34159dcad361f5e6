import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketNameProblem } from './bucket-name';
import { S3Error } from './errors';
import { resolveS3Request, S3_SERVED_METHODS, SUBRESOURCES } from './operation';

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
    ['GET', '/bucket?location', { operation: 'GetBucketLocation', bucket: 'bucket' }], // s3cmd, boto3's get_bucket_location
    ['GET', '/bucket/?location=&x-id=GetBucketLocation', { operation: 'GetBucketLocation', bucket: 'bucket' }],
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
    ['PUT', '/bucket?location', '501 NotImplemented'],
    ['GET', '/bucket/k?location', '501 NotImplemented'],
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

describe('what S3 says of a request the sandbox does not serve', () => {
  const error = (method: string, pathAndQuery: string) => {
    const [path = '', query = ''] = pathAndQuery.split('?');
    const answer = resolveS3Request(method, path, new URLSearchParams(query));
    if (!(answer instanceof S3Error)) throw new Error(`${method} ${pathAndQuery} was served as ${answer.operation}`);
    return { code: answer.code, message: answer.message, detail: answer.detail };
  };

  const SERVED_ON_BUCKET_BY_GET = new Set(['location']); // GetBucketLocation

  // Every subresource names another operation (GetObjectAcl, GetBucketTagging, UploadPart, …):
  // answering it with the object, or the listing, would hand a client the wrong document.
  it.each([...SUBRESOURCES])('?%s is another operation than GetObject or ListObjects: NotImplemented, naming it', (name) => {
    expect(error('GET', `/bucket/exports/k?${name}`)).toEqual({
      code: 'NotImplemented',
      message: `GET on ?${name} is not implemented by this sandbox.`,
      detail: {},
    });
    if (!SERVED_ON_BUCKET_BY_GET.has(name)) {
      expect(error('GET', `/bucket?${name}=1`).message).toBe(`GET on ?${name} is not implemented by this sandbox.`);
    }
  });

  it('names the level of a plain operation it does not serve, and every subresource of a request with several', () => {
    expect(error('PUT', '/bucket/k').message).toBe('PUT on object is not implemented by this sandbox.');
    expect(error('DELETE', '/bucket').message).toBe('DELETE on bucket is not implemented by this sandbox.');
    expect(error('GET', '/bucket/k?acl&tagging&prefix=x').message).toBe('GET on ?acl&tagging is not implemented by this sandbox.');
    // DeleteObjects with another subresource beside ?delete is no request S3 serves as DeleteObjects.
    expect(error('POST', '/bucket?delete&acl')).toMatchObject({
      code: 'NotImplemented',
      message: 'POST on ?delete&acl is not implemented by this sandbox.',
    });
  });

  it('answers ListBuckets (no bucket in the path) NotImplemented, saying so', () => {
    for (const path of ['', '/', '/?x-id=ListBuckets'])
      expect(error('GET', path)).toEqual({
        code: 'NotImplemented',
        message: 'ListBuckets and account-level operations are not implemented by this sandbox.',
        detail: {},
      });
  });

  it('answers a method S3 has no operation for MethodNotAllowed, naming the method as S3 does', () => {
    expect(error('patch', '/bucket/k')).toEqual({
      code: 'MethodNotAllowed',
      message: 'The specified method is not allowed against this resource.',
      detail: { Method: 'PATCH', ResourceType: 'OBJECT' },
    });
  });

  it('answers InvalidBucketName with the rule broken and the name, in BucketName', () => {
    expect(error('GET', '/Bucket_Upper/k')).toEqual({
      code: 'InvalidBucketName',
      message: `The specified bucket is not valid: ${bucketNameProblem('Bucket_Upper')}.`,
      detail: { BucketName: 'Bucket_Upper' },
    });
  });

  it('takes keys of up to 1024 UTF-8 bytes, and answers a longer one KeyTooLongError naming it', () => {
    for (const key of ['k'.repeat(1024), 'é'.repeat(512), `${'k'.repeat(1020)}😀`])
      expect(resolve('GET', `/bucket/${encodeURIComponent(key)}`)).toEqual({ operation: 'GetObject', bucket: 'bucket', key });
    for (const key of ['k'.repeat(1025), `${'é'.repeat(512)}k`, `${'k'.repeat(1021)}😀`])
      expect(error('GET', `/bucket/${encodeURIComponent(key)}`)).toEqual({
        code: 'KeyTooLongError',
        message: 'Your key is too long',
        detail: { Key: key },
      });
  });
});

describe('list-type=2', () => {
  it('makes a bucket GET ListObjectsV2, and changes nothing of an object GET or a HEAD', () => {
    expect(resolve('GET', '/bucket?list-type=2')).toEqual({ operation: 'ListObjectsV2', bucket: 'bucket' });
    expect(resolve('GET', '/bucket?list-type=1')).toEqual({ operation: 'ListObjects', bucket: 'bucket' });
    expect(resolve('GET', '/bucket/k?list-type=2')).toEqual({ operation: 'GetObject', bucket: 'bucket', key: 'k' });
    expect(resolve('HEAD', '/bucket?list-type=2')).toEqual({ operation: 'HeadBucket', bucket: 'bucket' });
  });
});

describe('the methods served (the mount’s Allow)', () => {
  it('are the methods some request on a bucket or an object is served with, and only those', () => {
    const served = (method: string) =>
      ['/bucket', '/bucket?delete', '/bucket/k'].some((at) => !(resolveS3Request(method, ...split(at)) instanceof S3Error));
    const split = (at: string): [string, URLSearchParams] => {
      const [path = '', query = ''] = at.split('?');
      return [path, new URLSearchParams(query)];
    };
    for (const method of ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'])
      expect(S3_SERVED_METHODS.includes(method)).toBe(served(method));
    expect(new Set(S3_SERVED_METHODS).size).toBe(S3_SERVED_METHODS.length);
  });
});
