// SigV4 verification with requests signed by aws4fetch, and tampered with after signing.
// (Requests signed by the AWS SDK itself: test/clients/sigv4-sdk.spec.ts.)
import { AwsClient } from 'aws4fetch';
import { beforeEach, describe, expect, it } from 'vitest';
import { identify } from '../../src/gateway';
import { PINPOINT_SERVICE, unsignedAuthorization } from '../../src/gateway/credential';
import { verifySigV4 } from '../../src/gateway/sigv4';
import { MAX_SIGNATURE_SKEW_MS } from '../../src/limits';
import { ANY_JOB, jobUrl, seedFixtures, urlOf } from './fixtures';
import { DEFINITION, jobsUrl } from './tenants';

const sha256 = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');

import { handleWith } from './handle';

beforeEach(seedFixtures);

const CREDENTIALS = 'AKIDSANDBOX=sandbox/secret+key,AKIDOTHER=other-secret';
const handle = handleWith({ SIGV4_VERIFY: 'on', SIGV4_CREDENTIALS: CREDENTIALS });
const client = (accessKeyId = 'AKIDSANDBOX', secretAccessKey = 'sandbox/secret+key') =>
  new AwsClient({ accessKeyId, secretAccessKey, service: 'mobiletargeting', region: 'us-east-1' });
const signed = (url = urlOf(ANY_JOB), init: RequestInit = {}, c = client()) => c.sign(url, init);
const amzDate = (ms: number) => new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');

async function expect403(response: Response, message: RegExp) {
  expect(response.status).toBe(403);
  expect(response.headers.get('x-amzn-ErrorType')).toBe('ForbiddenException');
  expect(((await response.json()) as { Message: string }).Message).toMatch(message);
}

describe('SIGV4_VERIFY on', () => {
  it('serves a request signed with a configured key pair', async () => {
    const response = await handle(await signed());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(ANY_JOB);
  });

  it('checks signed harness headers too, and still answers the 404 of an unknown job', async () => {
    expect((await handle(await signed(urlOf(ANY_JOB), { headers: { 'x-mock-error': '429' } }))).status).toBe(429);
    expect((await handle(await signed(jobUrl(ANY_JOB.ApplicationId, 'missing')))).status).toBe(404);
  });

  it('refuses a request without a signature', async () => {
    await expect403(await handle(new Request(urlOf(ANY_JOB))), /Missing Authentication Token/);
  });

  it('refuses an unknown access key id', async () => {
    await expect403(await handle(await signed(urlOf(ANY_JOB), {}, client('AKIDSTRANGER', 'x'))), /unknown access key id AKIDSTRANGER/);
  });

  it('refuses a signature made with the wrong secret', async () => {
    await expect403(
      await handle(await signed(urlOf(ANY_JOB), {}, client('AKIDSANDBOX', 'wrong'))),
      /signature we calculated does not match/,
    );
  });

  it('refuses a request whose path was changed after signing', async () => {
    const original = await signed();
    const tampered = new Request(jobUrl(ANY_JOB.ApplicationId, 'ffffffffffffffffffffffffffffffff'), { headers: original.headers });
    await expect403(await handle(tampered), /does not match/);
  });

  it('refuses a request whose signed header was changed after signing', async () => {
    const original = await signed(urlOf(ANY_JOB), { headers: { 'x-mock-error': '500' } });
    const headers = new Headers(original.headers);
    headers.set('x-mock-error', '404');
    await expect403(await handle(new Request(original.url, { headers })), /does not match/);
  });

  it('refuses a request whose date was changed after signing', async () => {
    const original = await signed();
    const headers = new Headers(original.headers);
    headers.set('x-amz-date', amzDate(Date.now() - 60_000));
    await expect403(await handle(new Request(original.url, { headers })), /does not match|x-amz-date/);
  });

  it('refuses a signature more than 15 minutes old, or ahead', async () => {
    for (const skew of [-16 * 60_000, 16 * 60_000]) {
      const datetime = amzDate(Date.now() + skew);
      const request = await client().sign(urlOf(ANY_JOB), { aws: { datetime } });
      await expect403(await handle(request), /Signature expired/);
    }
  });

  it('accepts a signature 14 minutes old', async () => {
    const request = await client().sign(urlOf(ANY_JOB), { aws: { datetime: amzDate(Date.now() - 14 * 60_000) } });
    expect((await handle(request)).status).toBe(200);
  });

  it('refuses another service', async () => {
    const other = new AwsClient({ accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox/secret+key', service: 'sts', region: 'us-east-1' });
    await expect403(await handle(await other.sign(urlOf(ANY_JOB))), /scoped to correct service: 'mobiletargeting'/);
  });

  it('guards the admin API alike: unsigned or badly signed calls get a 403, a signed one its own tenant', async () => {
    await expect403(await handle(new Request('https://sandbox.test/_sandbox/requests')), /Missing Authentication Token/);
    await expect403(
      await handle(await signed('https://sandbox.test/_sandbox/reset', { method: 'POST' }, client('AKIDSANDBOX', 'wrong'))),
      /does not match/,
    );
    const reset = await handle(await signed('https://sandbox.test/_sandbox/reset', { method: 'POST' }));
    expect(await reset.json()).toEqual({ reset: true, tenant: 'AKIDSANDBOX/us-east-1' });
  });

  it('lets a CORS preflight through unsigned', async () => {
    expect((await handle(new Request(urlOf(ANY_JOB), { method: 'OPTIONS' }))).status).toBe(200);
  });
});

describe('SIGV4_VERIFY off (the default)', () => {
  it('accepts unsigned and badly signed requests alike', async () => {
    const plain = handleWith();
    expect((await plain(new Request(urlOf(ANY_JOB)))).status).toBe(200);
    expect((await plain(await signed(urlOf(ANY_JOB), {}, client('AKIDANY', 'nothing')))).status).toBe(200);
  });
});

describe('SIGV4_VERIFY on, at its edges', () => {
  const at = amzDate(Date.now());
  const forged = (signedHeaders: string) =>
    new Request(urlOf(ANY_JOB), {
      headers: {
        authorization: unsignedAuthorization('AKIDSANDBOX', { day: at.slice(0, 8), signedHeaders }),
        'x-amz-date': at,
      },
    });

  it.each(['x-amz-date', 'host', 'x-mock-error'])(
    'refuses SignedHeaders=%s, which leaves out host or x-amz-date',
    async (signedHeaders) => {
      await expect403(await handle(forged(signedHeaders)), /SignedHeaders must include host and x-amz-date/);
    },
  );

  it('accepts a signature exactly 15 minutes old or ahead, and refuses one 15 minutes and 1 second off', async () => {
    const signedAt = Date.UTC(2026, 10, 29, 12, 0, 0);
    const request = await client().sign(urlOf(ANY_JOB), { aws: { datetime: amzDate(signedAt) } });
    const credentials = new Map([['AKIDSANDBOX', 'sandbox/secret+key']]);
    const verify = (now: number) => verifySigV4(request.clone(), '', identify(request), credentials, PINPOINT_SERVICE, now);
    for (const side of [1, -1]) {
      await expect(verify(signedAt + side * MAX_SIGNATURE_SKEW_MS)).resolves.toBeUndefined();
      await expect(verify(signedAt + side * (MAX_SIGNATURE_SKEW_MS + 1000))).rejects.toThrow(/Signature expired/);
    }
  });

  it('covers the body: one changed after signing is refused, whether or not x-amz-content-sha256 stands for it', async () => {
    const url = jobsUrl();
    const body = JSON.stringify(DEFINITION);
    const tampered = body.replace('Export', 'Xxport');
    for (const headers of [{}, { 'x-amz-content-sha256': await sha256(body) }] as Record<string, string>[]) {
      const original = await signed(url, { method: 'POST', body, headers });
      expect((await handle(new Request(original.url, { method: 'POST', headers: original.headers, body }))).status).toBe(202);
      await expect403(
        await handle(new Request(original.url, { method: 'POST', headers: original.headers, body: tampered })),
        /does not match|x-amz-content-sha256/,
      );
    }
  });
});
