// SIGV4_VERIFY on the S3 mount: requests signed by aws4fetch for service s3 (as S3 clients
// sign them: x-amz-content-sha256 signed, often UNSIGNED-PAYLOAD) pass; a signature for the
// wrong service, or a tampered one, is refused in S3's XML; an s3 signature is no key to
// Pinpoint's paths.
import { AwsClient } from 'aws4fetch';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseXml } from '../../src/s3/xml';
import { ANY_JOB, seedFixtures, urlOf } from './fixtures';
import { handleWith } from './handle';

const handle = handleWith({ SIGV4_VERIFY: 'on', SIGV4_CREDENTIALS: 'AKIDS3=s3-secret' });
const client = (service: string) => new AwsClient({ accessKeyId: 'AKIDS3', secretAccessKey: 's3-secret', service, region: 'us-east-1' });
const LIST = 'https://sandbox.test/_s3/acme-pinpoint-exports?list-type=2&max-keys=1';

async function accessDenied(response: Response, message: RegExp) {
  expect(response.status).toBe(403);
  expect(response.headers.get('x-amz-request-id')).toBeTruthy();
  const error = (parseXml(await response.text()) as { Error: { Code: string; Message: string } }).Error;
  expect(error.Code).toBe('AccessDenied');
  expect(error.Message).toMatch(message);
}

beforeAll(seedFixtures);

describe('SIGV4_VERIFY on /_s3', () => {
  it('serves requests signed for s3, with UNSIGNED-PAYLOAD or the body’s hash', async () => {
    expect((await handle(await client('s3').sign(LIST))).status).toBe(200); // aws4fetch sends UNSIGNED-PAYLOAD for s3
    const hashed = await client('s3').sign(LIST, {
      headers: { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    });
    expect((await handle(hashed)).status).toBe(200);
    const body = '<Delete><Object><Key>nothing-here</Key></Object></Delete>';
    const batch = await client('s3').sign('https://sandbox.test/_s3/acme-pinpoint-exports?delete', { method: 'POST', body });
    expect((await handle(batch)).status).toBe(200);
  });

  it('refuses, in S3’s XML, a signature for another service, an unsigned request, and a tampered one', async () => {
    await accessDenied(await handle(await client('mobiletargeting').sign(LIST)), /scoped to correct service: 's3'/);
    await accessDenied(await handle(new Request(LIST)), /Missing Authentication Token/);
    const signed = await client('s3').sign(LIST);
    const tampered = new Request(LIST.replace('max-keys=1', 'max-keys=2'), { headers: signed.headers });
    await accessDenied(await handle(tampered), /signature we calculated does not match/);
  });

  it('answers an s3 signature on Pinpoint’s paths in S3’s shape, naming the mount (an S3 client given the sandbox’s URL)', async () => {
    const response = await handle(await client('s3').sign(urlOf(ANY_JOB)));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(await response.text()).toMatch(/<Code>InvalidRequest<\/Code><Message>.*its S3 API is at https:\/\/sandbox.test\/_s3:/);
  });
});
