// SigV4 verification against requests signed by the AWS SDK for JavaScript v3 itself.
import {
  CreateExportJobCommand,
  ForbiddenException,
  GetExportJobCommand,
  GetExportJobsCommand,
  PinpointClient,
} from '@aws-sdk/client-pinpoint';
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

  it('serves the SDK creating a job with a signed body, and keeps it in the verified tenant', async () => {
    const signed = client(SIGV4_TEST_CREDENTIALS);
    const request = { RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: 's3://exports/verified/' };
    const created = await signed.send(new CreateExportJobCommand({ ApplicationId: job.ApplicationId, ExportJobRequest: request }));
    expect(created.ExportJobResponse?.Definition).toEqual(request);
    const id = created.ExportJobResponse?.Id as string;
    const read = await signed.send(new GetExportJobCommand({ ApplicationId: job.ApplicationId, JobId: id }));
    expect(read.ExportJobResponse?.Id).toBe(id);
    const listed = await signed.send(new GetExportJobsCommand({ ApplicationId: job.ApplicationId, PageSize: '100' }));
    expect(listed.ExportJobsResponse?.Item?.map((j) => j.Id)).toContain(id);
  });

  it('refuses a create whose body was changed after signing', async () => {
    const tampering = client(SIGV4_TEST_CREDENTIALS);
    tampering.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body: string };
        request.body = request.body.replace('verified', 'tampered');
        return next(args);
      },
      { step: 'deserialize', name: 'tamperAfterSigning' }, // the innermost step: after signing, just before sending
    );
    const request = { RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: 's3://exports/verified/' };
    const error = await tampering.send(new CreateExportJobCommand({ ApplicationId: job.ApplicationId, ExportJobRequest: request })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ForbiddenException);
  });
});
