// Requests as a tenant sends them: an Authorization header whose credential scope names the
// tenant (the sandbox checks signatures only with SIGV4_VERIFY on), and the export-job URLs.
import { unsignedAuthorization } from '../../src/gateway/credential';
import { jobWithStatus } from './fixtures';

const RETAIL = jobWithStatus('FAILED'); // of the retail application: 11 seeded jobs, most of one segment
export const APP = RETAIL.ApplicationId;
export const SEGMENT = RETAIL.Definition.SegmentId as string;
export const DEFINITION = { RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: 's3://exports/app/' };

export const asTenant = (keyId: string, region = 'us-east-1'): Record<string, string> => ({
  authorization: unsignedAuthorization(keyId, { region }),
});

export const jobsUrl = (app = APP, query = '') => `https://sandbox.test/v1/apps/${app}/jobs/export${query}`;
export const segmentJobsUrl = (segment: string, app = APP, query = '') =>
  `https://sandbox.test/v1/apps/${app}/segments/${segment}/jobs/export${query}`;

export const createRequest = (headers: Record<string, string>, body: unknown = DEFINITION, app = APP) =>
  new Request(jobsUrl(app), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
