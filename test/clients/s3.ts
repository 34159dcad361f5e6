// What the S3 client specs share: a job created through client-pinpoint and polled until it ends,
// as a client app does, an S3Client for the same tenant (s3ClientConfig, as the package gives it),
// and an export object's lines, gunzipped and each checked by the EndpointResponse schema.
import { gunzipSync } from 'node:zlib';
import { CreateExportJobCommand, type ExportJobResponse, GetExportJobCommand } from '@aws-sdk/client-pinpoint';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import * as v from 'valibot';
import { expect, inject } from 'vitest';
import { s3ClientConfig } from '../../node/aws-sdk';
import { type EndpointResponse, EndpointResponseSchema } from '../../src/exports/endpoint-schema';
import { FIXTURE_JOBS, jobWithStatus, pinpointClient } from './pinpoint';

export const APP = jobWithStatus('COMPLETED').ApplicationId;
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
const POLL_MS = 100;

/** The seeded completed job with the fewest lines, and its export's bucket, folder and object names (part-00000.gz …). */
export function seededExport() {
  const [job] = FIXTURE_JOBS.filter((j) => j.JobStatus === 'COMPLETED').sort((a, b) => (a.TotalProcessed ?? 0) - (b.TotalProcessed ?? 0));
  if (!job) throw new Error('the fixtures have no COMPLETED job');
  const [, bucket = '', prefix = ''] = /^s3:\/\/([^/]+)\/(.*)$/.exec(job.Definition.S3UrlPrefix) ?? [];
  return { job, bucket, folder: `${prefix}${job.Id}/`, parts: partNames(job.TotalPieces ?? 0) };
}

/** The names of an export's objects in its folder, as S3 lists them. */
export const partNames = (pieces: number) => Array.from({ length: pieces }, (_, i) => `part-${String(i).padStart(5, '0')}.gz`);

export const credentialsOf = (accessKeyId: string) => ({ accessKeyId, secretAccessKey: 'any' });

/** An S3Client for the tenant of `accessKeyId` (us-east-1), configured as the package's users do: s3ClientConfig of sandbox.s3Url. */
export const s3As = (accessKeyId: string, config: Partial<S3ClientConfig> = {}, url = inject('sandboxS3Url')) =>
  new S3Client({ ...s3ClientConfig(url, { region: 'us-east-1', credentials: credentialsOf(accessKeyId) }), ...config });

/** Creates a job with this life in the tenant of `accessKeyId` (and `region`), and polls it until it ends (the test's timeout bounds the wait). */
export async function exportedJob(
  accessKeyId: string,
  life: string,
  S3UrlPrefix: string,
  region = 'us-east-1',
): Promise<ExportJobResponse> {
  const credentials = credentialsOf(accessKeyId);
  const { client: creator } = pinpointClient({ 'x-mock-progression': life }, { credentials, region });
  const created = await creator.send(
    new CreateExportJobCommand({
      ApplicationId: APP,
      ExportJobRequest: { RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix },
    }),
  );
  const { client } = pinpointClient({}, { credentials, region });
  for (;;) {
    const { ExportJobResponse: job } = await client.send(
      new GetExportJobCommand({ ApplicationId: APP, JobId: created.ExportJobResponse?.Id }),
    );
    if (TERMINAL.has(job?.JobStatus as string)) return job as ExportJobResponse;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The lines of an export object: gunzipped, one EndpointResponse a line (each checked by the schema), newline-terminated. */
export function linesOf(gzipped: Uint8Array): EndpointResponse[] {
  const text = gunzipSync(gzipped).toString('utf8');
  if (text === '') return [];
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => v.parse(EndpointResponseSchema, JSON.parse(line)));
}

/** What a thrown SDK error is, for asserting on: its class name, HTTP status and S3 error code. */
export async function s3Failure(promise: Promise<unknown>): Promise<{ name: string; status?: number; code?: string; error: unknown }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; Code?: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, code: e.Code, error };
  }
  throw new Error('expected the call to throw');
}
