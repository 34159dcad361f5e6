// The package's entry: start a sandbox from a test runner, and write harness headers.
// `pinpoint-export-job-sandbox/aws-sdk` adds them to AWS SDK v3 calls and configures an S3Client for the sandbox.

export type { EndpointFixture, EndpointResponse } from '../src/exports/endpoint-schema';
export type { ExportJobResponse } from '../src/jobs/schema';
export type { JournaledOperation } from '../src/routes/route-paths';
export type { Defaults, JournalEntry, JournalPage } from '../src/tenants/schema';
export { type AdminClient, adminClient, type JournalFilter, type TenantKey, tenantHeaders } from './admin-client';
export type { FixtureSource } from './fixtures';
export { type ErrorStatus, type Harness, harnessHeaders, type Instant, type WholeNumber } from './harness-headers';
export { S3_MOUNT, s3UrlOf } from './s3-endpoint';
export { type Sandbox, SandboxError, type SandboxOptions, startSandbox } from './sandbox';
