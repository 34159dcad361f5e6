// SigV4 verification against requests signed by the AWS SDK for JavaScript v3 itself.
import { ForbiddenException, GetExportJobCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import { describe, expect, inject, it } from 'vitest';
import { SIGV4_TEST_CREDENTIALS } from './global-setup';
import { jobWithStatus } from './pinpoint';

const job = jobWithStatus('FAILED');
const command = new GetExportJobCommand({ ApplicationId: job.ApplicationId, JobId: job.Id });
const client = (credentials: { accessKeyId: string; secretAccessKey: string }, region = 'us-east-1') =>
  new PinpointClient({ endpoint: inject('verifyingSandboxUrl'), region, credentials, maxAttempts: 1 });

describe('a sandbox with SIGV4_VERIFY on', () => {
  it('serves the SDK signing with a configured key pair, in any region', async () => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      const output = await client(SIGV4_TEST_CREDENTIALS, region).send(command);
      expect(output.ExportJobResponse).toEqual(job);
    }
  });

  it('refuses the SDK signing with the wrong secret, or an unknown key', async () => {
    for (const [credentials, message] of [
      [{ ...SIGV4_TEST_CREDENTIALS, secretAccessKey: 'wrong' }, /signature we calculated does not match/],
      [{ accessKeyId: 'AKIDSTRANGER', secretAccessKey: 'x' }, /unknown access key id AKIDSTRANGER/],
    ] as const) {
      const error = await client(credentials)
        .send(command)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(ForbiddenException);
      expect((error as ForbiddenException).message).toMatch(message);
    }
  });

  it('refuses the SDK with a clock 20 minutes fast', async () => {
    const skewed = client(SIGV4_TEST_CREDENTIALS);
    skewed.config.systemClockOffset = 20 * 60_000;
    const error = await skewed.send(command).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as ForbiddenException).message).toMatch(/Signature expired/);
  });
});
