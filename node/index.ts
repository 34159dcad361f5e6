// The package's entry: start a sandbox from a test runner, and write harness headers.
// `pinpoint-export-job-sandbox/aws-sdk` adds them to @aws-sdk/client-pinpoint calls.
export type { ExportJobResponse } from '../src/jobs/schema';
export type { Defaults, JournalEntry, JournalPage } from '../src/tenants/schema';
export { type AdminClient, adminClient, type JournalFilter, type TenantKey, tenantHeaders } from './admin-client';
export type { FixtureSource } from './fixtures';
export { type ErrorStatus, type Harness, harnessHeaders, type Instant, type WholeNumber } from './harness-headers';
export { type Sandbox, SandboxError, type SandboxOptions, startSandbox } from './sandbox';
