// S3 requests the mount cannot take as addressed or signed, answered in S3's XML with what to
// do: an S3 client given the sandbox's URL without /_s3, virtual-hosted style, and a region no
// tenant has (s3cmd's default `US`), answered as S3 answers a wrong region. Pinpoint's requests
// and the admin API's are not touched.
import { describe, expect, it } from 'vitest';
import { unsignedAuthorization } from '../../src/gateway/credential';
import { parseXml } from '../../src/s3/xml';
import { handleWith } from './handle';
import { APP } from './tenants';

const handle = handleWith();
const BUCKET = 'acme-pinpoint-exports';
const signedFor = (service: string, region = 'us-east-1') => ({
  authorization: unsignedAuthorization('AKIDADDRESSING', { service, region }),
});

async function s3Error(response: Response, status: number, code: string): Promise<Record<string, string>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/xml');
  const document = parseXml(await response.text()) as { Error: Record<string, string> } | null;
  expect(document?.Error.Code).toBe(code);
  return document?.Error as Record<string, string>;
}

describe('an S3 request outside the mount', () => {
  it.each([
    ['carries S3’s query words', `https://sandbox.test/${BUCKET}?list-type=2&prefix=segments/`, {}],
    ['is signed for s3', `https://sandbox.test/${BUCKET}/segments/part-00000.gz`, signedFor('s3')],
    ['asks for a delete', `https://sandbox.test/${BUCKET}?delete`, signedFor('s3')],
  ])('that %s is S3’s XML error naming the mount to use', async (_, url, headers) => {
    const error = await s3Error(await handle(new Request(url, { headers })), 400, 'InvalidRequest');
    expect(error.Message).toContain('its S3 API is at https://sandbox.test/_s3');
  });

  it('leaves Pinpoint’s requests and the admin API alone', async () => {
    const job = await handle(
      new Request(`https://sandbox.test/v1/apps/${APP}/jobs/export?page-size=1`, { headers: signedFor('mobiletargeting') }),
    );
    expect(job.status).toBe(200);
    expect(job.headers.get('content-type')).toBe('application/json');
    const admin = await handle(new Request('https://sandbox.test/_sandbox/defaults', { headers: signedFor('s3') }));
    expect(admin.status).toBe(200);
  });

  it('is not the 404, whose list of paths names the S3 mount', async () => {
    const response = await handle(new Request('https://sandbox.test/nowhere'));
    expect(response.status).toBe(404);
    expect(((await response.json()) as { Message: string }).Message).toMatch(/Every path: .*\/_s3\/\{bucket\}\/\{key\}\.$/);
  });
});

describe('virtual-hosted style', () => {
  it.each([
    ['a listing, the bucket in the host', `http://${BUCKET}.localhost:8787/?list-type=2`, 'http://localhost:8787/_s3'],
    [
      'an object, the bucket in the host, the mount in the path',
      `http://${BUCKET}.localhost:8787/_s3/segments/part-00000.gz`,
      'http://localhost:8787/_s3',
    ],
    ['a listing on the mount without a bucket', 'https://sandbox.test/_s3?list-type=2', 'https://sandbox.test/_s3'],
  ])('is a 501 telling to go path-style: %s', async (_, url, mount) => {
    const error = await s3Error(await handle(new Request(url, { headers: signedFor('s3') })), 501, 'NotImplemented');
    expect(error.Message).toContain(`use path-style at ${mount}`);
  });
});

describe('a region no tenant has', () => {
  it.each([
    ['US', 'us-east-1'],
    ['EU', 'eu-west-1'],
    ['Mars', 'us-east-1'],
  ])('on the mount, %s is AuthorizationHeaderMalformed expecting %s, as S3 answers it', async (region, expected) => {
    const response = await handle(new Request(`https://sandbox.test/_s3/${BUCKET}?list-type=2`, { headers: signedFor('s3', region) }));
    const error = await s3Error(response, 400, 'AuthorizationHeaderMalformed');
    expect(error.Region).toBe(expected);
    expect(error.Message).toBe(`The authorization header is malformed; the region '${region}' is wrong; expecting '${expected}'`);
  });

  it('on Pinpoint’s operations, is the 403 of a malformed credential', async () => {
    const response = await handle(
      new Request(`https://sandbox.test/v1/apps/${APP}/jobs/export`, { headers: signedFor('mobiletargeting', 'US') }),
    );
    expect(response.status).toBe(403);
    expect(((await response.json()) as { Message: string }).Message).toMatch(/^Malformed Credential .*the region in lower case\.$/);
  });
});
