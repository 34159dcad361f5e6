// The app reads what its export wrote, through the sandbox's S3 API, with the same credentials
// as its Pinpoint client: so it sees its own job's objects, and another tenant does not.
import { PinpointClient } from '@aws-sdk/client-pinpoint';
import { NoSuchBucket, S3Client } from '@aws-sdk/client-s3';
import { adminClient } from 'pinpoint-export-job-sandbox';
import { s3ClientConfig } from 'pinpoint-export-job-sandbox/aws-sdk';
import { describe, expect, inject, it } from 'vitest';
import { exportEndpoints } from '../src/export-client.js';
import { readExport } from '../src/export-objects.js';

const url = inject('sandboxUrl');
const APP = 'a1fb24b2eae293674407a7f03207134c';
const REQUEST = { RoleArn: 'arn:aws:iam::123456789012:role/PinpointExport', S3UrlPrefix: 's3://app-exports/endpoints/' };
const POLL = { firstDelayMs: 150, maxDelayMs: 600, timeoutMs: 10_000 };

describe('reading an export', () => {
  it('downloads, gunzips and parses every object of its completed export: TotalProcessed endpoints', async () => {
    const tenant = { accessKeyId: 'AKIDEXAMPLEREADER', region: 'eu-west-1' };
    const credentials = { accessKeyId: tenant.accessKeyId, secretAccessKey: 'test-secret' };
    await adminClient(url).setDefaults(tenant, { durationS: 1, outcome: 'COMPLETED', pieces: 3, endpoints: 120 });
    const pinpoint = new PinpointClient({ endpoint: url, region: tenant.region, credentials });
    const job = await exportEndpoints(pinpoint, APP, REQUEST, POLL);
    const s3 = new S3Client(s3ClientConfig(url, { region: tenant.region, credentials }));
    const endpoints = await readExport(s3, job);
    expect(endpoints).toHaveLength(job.TotalProcessed as number);
    expect(endpoints.every((e) => e.ApplicationId === APP)).toBe(true);
    expect(new Set(endpoints.map((e) => e.Id)).size).toBe(endpoints.length);

    const stranger = new S3Client(
      s3ClientConfig(url, { region: tenant.region, credentials: { ...credentials, accessKeyId: 'AKIDEXAMPLESTRANGER' } }),
    );
    await expect(readExport(stranger, job)).rejects.toBeInstanceOf(NoSuchBucket);
  });
});
