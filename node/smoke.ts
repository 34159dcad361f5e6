// A short conformance pass against any sandbox: a deployed one, `npm start`, or the package's.
// It drives it as a client app does, through the AWS SDK for JavaScript v3 (the app's own
// @aws-sdk/client-pinpoint and @aws-sdk/client-s3), under two fresh tenants, which it resets
// when done. `npm run smoke -- <url>` prints its table and exits non-zero on a failure; the
// GitHub Actions deploy job runs it right after `wrangler deploy`.
import { gunzipSync } from 'node:zlib';
import {
  CreateExportJobCommand,
  GetExportJobCommand,
  GetExportJobsCommand,
  GetSegmentExportJobsCommand,
  PinpointClient,
} from '@aws-sdk/client-pinpoint';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { JournaledOperation } from '../src/operations';
import { type AdminClient, adminClient, type TenantKey } from './admin-client';
import { harnessCommand, s3ClientConfig } from './aws-sdk';

export interface SmokeOptions {
  /** The key pair to sign with, when the sandbox verifies signatures (SIGV4_VERIFY on); its
   *  fresh tenants then differ by region. By default a fresh access key id each run, any secret. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Called with each check as it ends, e.g. to print progress. */
  onCheck?: (check: SmokeCheck) => void;
}

export interface SmokeCheck {
  name: string;
  passed: boolean;
  detail: string; // what was seen, or what went wrong
  ms: number;
}

export interface SmokeReport {
  url: string;
  passed: boolean;
  checks: SmokeCheck[];
}

const ROLE_ARN = 'arn:aws:iam::123456789012:role/SandboxSmoke';
const LIFE = { durationS: 2, outcome: 'COMPLETED', pieces: 2, endpoints: 6 } as const; // a created job's whole life, in seconds
const LIFE_WAIT_MS = 30_000; // polling a created job past its life: generous, for a cold deployment
const POLL_MS = 500;

const fresh = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();

/** Runs the pass against `url` (the sandbox's base URL); resolves with every check, passed or not. */
export async function smokeTest(url: string, options: SmokeOptions = {}): Promise<SmokeReport> {
  const base = url.replace(/\/+$/, '');
  const run = fresh();
  const tenantOf = (n: number): TenantKey & { secretAccessKey: string } =>
    options.credentials
      ? { ...options.credentials, region: `us-smoke-${run.toLowerCase()}-${n}` }
      : { accessKeyId: `AKIDSMOKE${run}${n}`, secretAccessKey: 'smoke-secret', region: 'us-east-1' };
  const [a, b] = [tenantOf(1), tenantOf(2)];
  const clients = (t: typeof a) => {
    const config = { region: t.region, credentials: { accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey }, maxAttempts: 1 };
    return { pinpoint: new PinpointClient({ ...config, endpoint: base }), s3: new S3Client(s3ClientConfig(base, config)) };
  };
  const [ca, cb] = [clients(a), clients(b)];
  const admin: AdminClient = adminClient(base);
  const app = `smoke-${run.toLowerCase()}`;
  const bucket = `smoke-${run.toLowerCase()}`;
  const request = (segment?: string) => ({
    RoleArn: ROLE_ARN,
    S3UrlPrefix: `s3://${bucket}/exports/`,
    ...(segment ? { SegmentId: segment } : {}),
  });
  const checks: SmokeCheck[] = [];
  const check = async (name: string, body: () => Promise<string>) => {
    const started = Date.now();
    let result: SmokeCheck;
    try {
      result = { name, passed: true, detail: await body(), ms: Date.now() - started };
    } catch (error) {
      result = { name, passed: false, detail: (error as Error).message, ms: Date.now() - started };
    }
    checks.push(result);
    options.onCheck?.(result);
  };
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw new Error(what);
  };

  let created = '';
  let completed = '';
  try {
    await check('CreateExportJob', async () => {
      const out = await ca.pinpoint.send(new CreateExportJobCommand({ ApplicationId: app, ExportJobRequest: request() }));
      created = out.ExportJobResponse?.Id ?? '';
      expect(
        created !== '' && out.ExportJobResponse?.JobStatus === 'CREATED',
        `expected a CREATED job, got ${JSON.stringify(out.ExportJobResponse)}`,
      );
      return `job ${created}`;
    });
    await check('GetExportJob', async () => {
      const out = await ca.pinpoint.send(new GetExportJobCommand({ ApplicationId: app, JobId: created }));
      expect(out.ExportJobResponse?.Id === created, `expected job ${created}, got ${out.ExportJobResponse?.Id}`);
      return `${out.ExportJobResponse?.JobStatus}`;
    });
    await check('GetExportJobs', async () => {
      const out = await ca.pinpoint.send(new GetExportJobsCommand({ ApplicationId: app }));
      const ids = (out.ExportJobsResponse?.Item ?? []).map((j) => j.Id);
      expect(ids.includes(created), `the created job is not listed (${ids.length} listed)`);
      return `${ids.length} job(s)`;
    });
    await check('GetSegmentExportJobs', async () => {
      const segment = 'smoke-segment';
      const out = await ca.pinpoint.send(new CreateExportJobCommand({ ApplicationId: app, ExportJobRequest: request(segment) }));
      const listed = await ca.pinpoint.send(new GetSegmentExportJobsCommand({ ApplicationId: app, SegmentId: segment }));
      const ids = (listed.ExportJobsResponse?.Item ?? []).map((j) => j.Id);
      expect(ids.length === 1 && ids[0] === out.ExportJobResponse?.Id, `expected the segment's one job, got ${JSON.stringify(ids)}`);
      return '1 job of the segment';
    });
    await check('an injected error (x-mock-error)', async () => {
      const command = harnessCommand(new GetExportJobCommand({ ApplicationId: app, JobId: created }), {
        error: 'TooManyRequestsException',
      });
      const error = await ca.pinpoint.send(command).then(
        () => null,
        (e: Error & { $metadata?: { httpStatusCode?: number } }) => e,
      );
      expect(error?.name === 'TooManyRequestsException', `expected TooManyRequestsException, got ${error?.name ?? 'an answer'}`);
      return `${error?.name} (${error?.$metadata?.httpStatusCode})`;
    });
    await check("a created job's life", async () => {
      const out = await ca.pinpoint.send(
        harnessCommand(new CreateExportJobCommand({ ApplicationId: app, ExportJobRequest: request() }), { progression: LIFE }),
      );
      completed = out.ExportJobResponse?.Id ?? '';
      const seen = new Set<string>([out.ExportJobResponse?.JobStatus ?? '']);
      for (const deadline = Date.now() + LIFE_WAIT_MS; !seen.has(LIFE.outcome) && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const job = (await ca.pinpoint.send(new GetExportJobCommand({ ApplicationId: app, JobId: completed }))).ExportJobResponse;
        seen.add(job?.JobStatus ?? '');
        if (job?.JobStatus === LIFE.outcome)
          expect(
            job.TotalPieces === LIFE.pieces && job.CompletedPieces === LIFE.pieces,
            `completed with ${job.CompletedPieces}/${job.TotalPieces} pieces`,
          );
      }
      expect(seen.has(LIFE.outcome), `not ${LIFE.outcome} within ${LIFE_WAIT_MS / 1000} s (seen: ${[...seen].join(', ')})`);
      return [...seen].join(' → ');
    });
    await check('an export downloaded through /_s3', async () => {
      const prefix = `exports/${completed}/`;
      const listed = await ca.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      const keys = (listed.Contents ?? []).map((o) => o.Key ?? '');
      expect(keys.length === LIFE.pieces, `expected ${LIFE.pieces} objects under ${prefix}, listed ${keys.length}`);
      let lines = 0;
      for (const key of keys) {
        const object = await ca.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const text = gunzipSync(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()).toString(
          'utf8',
        );
        for (const line of text.split('\n').filter(Boolean)) {
          expect(typeof (JSON.parse(line) as { Id?: unknown }).Id === 'string', `${key}: a line is not an endpoint`);
          lines++;
        }
      }
      expect(lines === LIFE.endpoints, `expected ${LIFE.endpoints} endpoints, read ${lines}`);
      return `${keys.length} objects, ${lines} endpoints`;
    });
    await check('the journal', async () => {
      const { entries } = await admin.requests(a, { limit: 1000 });
      const operations = new Set(entries.map((e) => e.operation));
      for (const op of [
        'CreateExportJob',
        'GetExportJob',
        'GetExportJobs',
        'GetSegmentExportJobs',
        'ListObjectsV2',
        'GetObject',
      ] as const satisfies JournaledOperation[])
        expect(operations.has(op), `the journal has no ${op} (it has ${[...operations].join(', ')})`);
      expect(
        entries.some((e) => e.status === 429 && e.errorType === 'TooManyRequestsException'),
        'the journal does not show the injected error',
      );
      return `${entries.length} entries`;
    });
    await check('tenant isolation', async () => {
      const error = await cb.pinpoint.send(new GetExportJobCommand({ ApplicationId: app, JobId: created })).then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.name === 'NotFoundException', `another tenant got ${error?.name ?? 'the job'}`);
      const listed = await cb.pinpoint.send(new GetExportJobsCommand({ ApplicationId: app }));
      expect((listed.ExportJobsResponse?.Item ?? []).length === 0, 'another tenant lists the jobs');
      // To a tenant with no export there, the bucket does not exist (S3's NoSuchBucket), or holds nothing.
      const objects = await cb.s3.send(new ListObjectsV2Command({ Bucket: bucket })).then(
        (out) => out.Contents ?? [],
        (e: Error) => (e.name === 'NoSuchBucket' ? [] : Promise.reject(e)),
      );
      expect(objects.length === 0, 'another tenant lists the objects');
      const { entries } = await admin.requests(b);
      const own = ['GetExportJob', 'GetExportJobs', 'ListObjectsV2']; // the other tenant's three calls above, and nothing of the first's
      const journaled = entries.map((e) => e.operation);
      expect(
        journaled.join() === own.join(),
        `the other tenant's journal holds ${JSON.stringify(journaled)}, not its own ${own.length} calls`,
      );
      return 'the other tenant sees none of the jobs, objects or journal';
    });
    await check('reset', async () => {
      await admin.resetTenant(a);
      const error = await ca.pinpoint.send(new GetExportJobCommand({ ApplicationId: app, JobId: created })).then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.name === 'NotFoundException', `after a reset, the created job answered ${error?.name ?? 'found'}`);
      const { entries } = await admin.requests(a);
      expect(entries.length === 1, `after a reset, the journal holds ${entries.length} entries, not the one GET since`);
      return "the tenant's jobs and journal are gone";
    });
  } finally {
    await Promise.allSettled([admin.resetTenant(a), admin.resetTenant(b)]); // nothing left behind, passed or not
  }
  return { url: base, passed: checks.every((c) => c.passed), checks };
}

/** The report as a Markdown table. */
export function smokeTable(report: SmokeReport): string {
  const rows = report.checks.map(
    (c) => `| ${c.name} | ${c.passed ? 'passed' : 'FAILED'} | ${c.detail.replaceAll('|', '\\|').replaceAll('\n', ' ')} | ${c.ms} |`,
  );
  const failed = report.checks.filter((c) => !c.passed).length;
  return [
    `Smoke test of ${report.url}`,
    '',
    '| check | result | detail | ms |',
    '| --- | --- | --- | ---: |',
    ...rows,
    '',
    failed === 0 ? `all ${report.checks.length} checks passed` : `${failed} of ${report.checks.length} checks FAILED`,
  ].join('\n');
}
