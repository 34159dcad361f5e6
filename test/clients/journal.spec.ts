// The request journal over HTTP, against the running sandbox (wrangler dev and its Durable
// Object): concurrent clients lose no entry, and a seeded sequence of failures replays
// exactly after a reset, through the AWS SDK for JavaScript v3 (which sends a fresh
// invocation id on every call).
import { GetExportJobCommand, type PinpointServiceException } from '@aws-sdk/client-pinpoint';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { unsignedAuthorization } from '../../src/gateway/credential';
import { JournalPageSchema } from '../../src/tenants/schema';
import { jobWithStatus, pinpointClient, sandboxUrl } from './pinpoint';

const job = jobWithStatus('FAILED');
const asTenant = (keyId: string) => ({
  authorization: unsignedAuthorization(keyId),
});

describe('the journal over HTTP', () => {
  it('holds 1,000 requests from 10 concurrent clients of one tenant, each once', async () => {
    const tenant = asTenant('AKIDHTTPJOURNAL');
    const url = `${sandboxUrl()}/v1/apps/${job.ApplicationId}/jobs/export/${job.Id}`;
    await Promise.all(
      Array.from({ length: 10 }, async (_, client) => {
        for (let i = 0; i < 100; i++) await (await fetch(`${url}?c=${client}&i=${i}`, { headers: tenant })).arrayBuffer();
      }),
    );
    let entries: { query: string }[] = [];
    for (const deadline = Date.now() + 20_000; entries.length < 1000 && Date.now() < deadline; ) {
      const page = v.parse(
        JournalPageSchema,
        await (await fetch(`${sandboxUrl()}/_sandbox/requests?limit=1000`, { headers: tenant })).json(),
      );
      entries = page.entries;
    }
    expect(entries).toHaveLength(1000);
    expect(new Set(entries.map((e) => e.query)).size).toBe(1000);
  }, 60_000);
});

describe('x-mock-seed through the AWS SDK for JavaScript v3', () => {
  const run = async () => {
    const { client } = pinpointClient(
      { 'x-mock-error': '503', 'x-mock-error-rate': '0.5', 'x-mock-seed': 'replay-me' },
      { maxAttempts: 1, credentials: { accessKeyId: 'AKIDSEEDED', secretAccessKey: 'any' } },
    );
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const status = await client.send(new GetExportJobCommand({ ApplicationId: job.ApplicationId, JobId: job.Id })).then(
        (output) => output.$metadata.httpStatusCode as number,
        (error: PinpointServiceException) => error.$metadata.httpStatusCode as number,
      );
      statuses.push(status);
    }
    return statuses;
  };
  const reset = async () =>
    expect((await fetch(`${sandboxUrl()}/_sandbox/reset`, { method: 'POST', headers: asTenant('AKIDSEEDED') })).status).toBe(200);

  it('gives two identical runs the same statuses, after a reset, though every call has a fresh invocation id', async () => {
    await reset();
    const first = await run();
    await reset();
    const second = await run();
    expect(second).toEqual(first);
    expect(first).toContain(200);
    expect(first).toContain(503);
  });
});
