// s3ClientConfig and the S3 harness helpers, with the real @aws-sdk/client-s3 against a loopback
// server that records what the SDK sends: path-style under the sandbox's /_s3 mount, signed for
// s3 in the region and key of the tenant it is given (a PinpointClient's among them), the harness headers on every attempt. What the sandbox answers
// is the clients suite's (test/clients/s3-sdk.spec.ts); this is only where the SDK goes.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PinpointClient } from '@aws-sdk/client-pinpoint';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3ClientConfig, s3HarnessCommand, s3HarnessHeaders, withS3Harness } from './aws-sdk';

const EMPTY_LISTING =
  '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix></Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>';
const SLOW_DOWN =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';

const seen: IncomingMessage[] = [];
let failFirst = 0;
const server = createServer((request, response) => {
  seen.push(request);
  request.resume();
  const fail = failFirst-- > 0;
  response.writeHead(fail ? 503 : 200, { 'content-type': 'application/xml' }).end(fail ? SLOW_DOWN : EMPTY_LISTING);
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const list = (client: S3Client, command = new ListObjectsV2Command({ Bucket: 'exports', Prefix: 'app/' })) => client.send(command);

/** A client for a sandbox named `localhost` (where an SDK not told path-style puts the bucket in the host), reaching the server on 127.0.0.1. */
function byName(config: ReturnType<typeof s3ClientConfig>, hosts: string[]): S3Client {
  const client = new S3Client({ ...config, endpoint: config.endpoint.replace('127.0.0.1', 'localhost') });
  client.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { hostname: string };
      hosts.push(request.hostname);
      request.hostname = '127.0.0.1';
      return next(args);
    },
    { step: 'finalizeRequest', name: 'toLoopback' },
  );
  return client;
}

describe('s3ClientConfig', () => {
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  /** The region and key id of the signature of each request the server saw. */
  const scopes = () =>
    seen.map((r) => /Credential=([^/]+)\/\d{8}\/([^/]+)\/s3\/aws4_request/.exec(r.headers.authorization ?? '')?.slice(1, 3));

  it('points an S3Client at <sandbox>/_s3, path-style, signed for s3 in the region it is given', async () => {
    seen.length = 0;
    const hosts: string[] = [];
    await list(byName(s3ClientConfig(url, { region: 'us-east-1', credentials }), hosts));
    await list(byName(s3ClientConfig({ url: `${url}/` }, { credentials, region: 'eu-west-1' }), hosts));
    await list(byName(s3ClientConfig(`${url}/_s3`, { region: 'ap-south-1', credentials }), hosts));
    expect(hosts).toEqual(['localhost', 'localhost', 'localhost']);
    expect(seen.map((r) => new URL(r.url as string, url).pathname)).toEqual(['/_s3/exports/', '/_s3/exports/', '/_s3/exports/']);
    expect(scopes()).toEqual([
      ['test', 'us-east-1'],
      ['test', 'eu-west-1'],
      ['test', 'ap-south-1'],
    ]);
  });

  it('signs as the Pinpoint client’s tenant, given the client, its config, or the tenant: its region and key, never us-east-1 by default', async () => {
    seen.length = 0;
    const pinpoint = new PinpointClient({
      endpoint: url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEU', secretAccessKey: 's' },
    });
    await list(new S3Client(s3ClientConfig(url, pinpoint)));
    await list(new S3Client(s3ClientConfig(url, pinpoint.config)));
    await list(new S3Client(s3ClientConfig(url, { accessKeyId: 'AKIDTENANT', region: 'sa-east-1' })));
    expect(scopes()).toEqual([
      ['AKIDEU', 'eu-west-1'],
      ['AKIDEU', 'eu-west-1'],
      ['AKIDTENANT', 'sa-east-1'],
    ]);
  });

  it('refuses to guess a region: without one, a TypeError saying that it names the tenant', () => {
    expect(() => s3ClientConfig(url, { credentials } as never)).toThrow(/needs a region: with the access key id it names the tenant/);
    expect(() => (s3ClientConfig as (url: string) => unknown)(url)).toThrow(TypeError);
  });
});

describe('the S3 harness helpers', () => {
  const client = () =>
    new S3Client(s3ClientConfig(url, { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }));

  it('send an S3 error code on every attempt of a command, through the SDK’s retries', async () => {
    seen.length = 0;
    failFirst = 2;
    const output = await list(
      client(),
      s3HarnessCommand(new ListObjectsV2Command({ Bucket: 'exports' }), { error: 'SlowDown', errorAttempts: 2 }),
    );
    expect(output.$metadata.attempts).toBe(3);
    expect(seen.map((r) => [r.headers['x-mock-error'], r.headers['x-mock-error-attempts']])).toEqual(Array(3).fill(['SlowDown', '2']));
    expect(seen.every((r) => r.headers.authorization?.includes('x-mock-error'))).toBe(true); // signed with the request
  });

  it('put a client’s harness on each call; a command’s own wins', async () => {
    seen.length = 0;
    const harnessed = withS3Harness(client(), { error: 'InternalError', errorRate: 0, delayMs: 5 });
    await list(harnessed);
    await list(harnessed, s3HarnessCommand(new ListObjectsV2Command({ Bucket: 'exports' }), { error: 503, errorRate: 0 }));
    expect(seen.map((r) => [r.headers['x-mock-error'], r.headers['x-mock-delay']])).toEqual([
      ['InternalError', '5'],
      ['503', '5'],
    ]);
  });

  it('refuse what the sandbox would: a code S3 does not have, an option out of its grammar', () => {
    expect(() => s3HarnessHeaders({ error: 'TooManyRequestsException' as never })).toThrow(/S3 error code.*SlowDown/);
    expect(() => s3HarnessHeaders({ error: 429 as never })).toThrow(RangeError);
    expect(() => s3HarnessHeaders({ error: 'SlowDown', errorAttempts: 0 as never })).toThrow(/x-mock-error-attempts/);
    expect(s3HarnessHeaders({ error: 416 })).toEqual({ 'x-mock-error': '416' });
  });
});
