// A client app's whole flow through the official AWS SDK for JavaScript v3, against the
// running sandbox (wrangler dev, with its Durable Object): create, poll until the job ends,
// list through every page; each caller in its own tenant.
import {
  BadRequestException,
  CreateExportJobCommand,
  type ExportJobResponse,
  GetExportJobCommand,
  GetExportJobsCommand,
  GetSegmentExportJobsCommand,
  NotFoundException,
} from '@aws-sdk/client-pinpoint';
import { describe, expect, it } from 'vitest';
import { FIXTURE_JOBS, jobWithStatus, pinpointClient } from './pinpoint';

const RETAIL = jobWithStatus('FAILED');
const APP = RETAIL.ApplicationId;
const SEGMENT = RETAIL.Definition.SegmentId as string;
const REQUEST = { RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: 's3://exports/app/' };
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
const LIFE_ORDER = ['CREATED', 'PREPARING_FOR_INITIALIZATION', 'INITIALIZING', 'PROCESSING', 'COMPLETING', 'COMPLETED'];

const as = (accessKeyId: string, harness: Record<string, string> = {}, region = 'us-east-1') =>
  pinpointClient(harness, { region, credentials: { accessKeyId, secretAccessKey: 'any' } }).client;

async function createJob(accessKeyId: string, life?: string, request: Record<string, unknown> = REQUEST, region?: string) {
  const client = as(accessKeyId, life ? { 'x-mock-progression': life } : {}, region);
  const output = await client.send(new CreateExportJobCommand({ ApplicationId: APP, ExportJobRequest: request as typeof REQUEST }));
  expect(output.$metadata.httpStatusCode).toBe(202);
  return output.ExportJobResponse as ExportJobResponse;
}

/** Polls as a client app does, until the job is terminal; every status seen, in order. */
async function pollUntilDone(accessKeyId: string, id: string, timeoutMs = 15_000): Promise<ExportJobResponse[]> {
  const client = as(accessKeyId);
  const seen: ExportJobResponse[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { ExportJobResponse: job } = await client.send(new GetExportJobCommand({ ApplicationId: APP, JobId: id }));
    seen.push(job as ExportJobResponse);
    if (TERMINAL.has(job?.JobStatus as string)) return seen;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`job ${id} did not end within ${timeoutMs} ms`);
}

async function listAll(accessKeyId: string, pageSize: number, segment?: string): Promise<ExportJobResponse[]> {
  const client = as(accessKeyId);
  const items: ExportJobResponse[] = [];
  let token: string | undefined;
  do {
    const page = segment
      ? (
          await client.send(
            new GetSegmentExportJobsCommand({ ApplicationId: APP, SegmentId: segment, PageSize: String(pageSize), Token: token }),
          )
        ).ExportJobsResponse
      : (await client.send(new GetExportJobsCommand({ ApplicationId: APP, PageSize: String(pageSize), Token: token }))).ExportJobsResponse;
    expect(page?.Item?.length).toBeLessThanOrEqual(pageSize);
    items.push(...(page?.Item ?? []));
    token = page?.NextToken;
  } while (token);
  return items;
}

describe('the export-job flow through the AWS SDK for JavaScript v3', () => {
  it('creates a job, and polls it from CREATED until COMPLETED', async () => {
    const job = await createJob('AKIDSDKFLOW1', 'duration=2; outcome=COMPLETED');
    expect(job).toMatchObject({ ApplicationId: APP, JobStatus: 'CREATED', Type: 'EXPORT', Definition: REQUEST });
    const seen = await pollUntilDone('AKIDSDKFLOW1', job.Id as string);
    // In the life's order, never back (CREATED lasts 100 ms of the 2 s: a busy machine's first poll may come later).
    const steps = seen.map((j) => LIFE_ORDER.indexOf(j.JobStatus as string));
    expect(steps.every((step, i) => step >= 0 && step >= (steps[i - 1] ?? 0))).toBe(true);
    expect(seen.at(-1)).toMatchObject({ JobStatus: 'COMPLETED', CompletedPieces: 10, TotalPieces: 10 });
    expect(seen.at(-1)?.CompletionDate).toBeDefined();
    expect(seen.slice(0, -1).every((j) => j.CompletionDate === undefined)).toBe(true);
  });

  it('creates a job that fails, and polls it until FAILED with its Failures', async () => {
    const job = await createJob('AKIDSDKFLOW2', 'duration=1; outcome=FAILED; pieces=5');
    const last = (await pollUntilDone('AKIDSDKFLOW2', job.Id as string)).at(-1);
    expect(last).toMatchObject({ JobStatus: 'FAILED', FailedPieces: 1, TotalPieces: 5 });
    expect(last?.Failures?.length).toBeGreaterThan(0);
  });

  it('lists through every page: the seeded jobs and the caller’s, each once, and a segment’s alone', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createJob('AKIDSDKLIST', undefined, { ...REQUEST, SegmentId: SEGMENT }));
    made.push(await createJob('AKIDSDKLIST'));
    const items = await listAll('AKIDSDKLIST', 2);
    const seeded = FIXTURE_JOBS.filter((j) => j.ApplicationId === APP);
    expect(items.map((j) => j.Id).sort()).toEqual([...seeded, ...made].map((j) => j.Id).sort());
    const segment = await listAll('AKIDSDKLIST', 3, SEGMENT);
    const inSegment = [...seeded.filter((j) => j.Definition.SegmentId === SEGMENT), ...made.slice(0, 3)];
    expect(segment.map((j) => j.Id).sort()).toEqual(inSegment.map((j) => j.Id).sort());
  });

  it('keeps tenants apart: two access keys, and two regions of one key', async () => {
    const job = await createJob('AKIDSDKOWNER');
    for (const [key, region] of [
      ['AKIDSDKOTHER', 'us-east-1'],
      ['AKIDSDKOWNER', 'eu-west-1'],
    ] as const) {
      const error = await as(key, {}, region)
        .send(new GetExportJobCommand({ ApplicationId: APP, JobId: job.Id }))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(NotFoundException);
      const listed = await as(key, {}, region).send(new GetExportJobsCommand({ ApplicationId: APP, PageSize: '100' }));
      expect(listed.ExportJobsResponse?.Item?.map((j) => j.Id)).not.toContain(job.Id);
    }
  });

  it('answers a bad request as the SDK’s BadRequestException, naming the member', async () => {
    const error = await createJob('AKIDSDKBAD', undefined, { RoleArn: 'not-an-arn', S3UrlPrefix: 's3://exports' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).message).toMatch(/RoleArn must be an IAM role ARN/);
  });
});
