// aws4fetch, the SigV4 client Workers apps use, against the running sandbox.
import { AwsClient } from 'aws4fetch';
import { expect, it } from 'vitest';
import { jobWithStatus, sandboxUrl } from './pinpoint';

it('a signed GET returns the fixture', async () => {
  const aws = new AwsClient({
    accessKeyId: 'AKIDSANDBOX',
    secretAccessKey: 'sandbox-secret',
    service: 'mobiletargeting',
    region: 'us-east-1',
  });
  const job = jobWithStatus('FAILED');
  const response = await aws.fetch(`${sandboxUrl()}/v1/apps/${job.ApplicationId}/jobs/export/${job.Id}`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual(job);
});
