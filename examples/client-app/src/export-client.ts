// What a real app does with Pinpoint's export jobs: start an export, poll it with backoff
// until it ends (or the app stops waiting), and list the jobs of an application.
import {
  CreateExportJobCommand,
  type ExportJobRequest,
  type ExportJobResponse,
  GetExportJobCommand,
  GetExportJobsCommand,
  type PinpointClient,
} from '@aws-sdk/client-pinpoint';

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export interface PollOptions {
  firstDelayMs: number; // the wait before the second poll
  maxDelayMs: number; // waits double up to this
  timeoutMs: number; // give up after this long
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_POLL: PollOptions = { firstDelayMs: 1_000, maxDelayMs: 30_000, timeoutMs: 15 * 60_000 };

export class ExportFailedError extends Error {
  constructor(readonly job: ExportJobResponse) {
    super(`export job ${job.Id} ended ${job.JobStatus}: ${job.Failures?.join('; ') ?? 'no reason given'}`);
  }
}

export class ExportTimeoutError extends Error {
  constructor(
    readonly jobId: string,
    readonly lastStatus: string | undefined,
  ) {
    super(`export job ${jobId} was still ${lastStatus} when the app stopped waiting`);
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts an export of `applicationId` and waits for it; the completed job, or an ExportFailedError / ExportTimeoutError. */
export async function exportEndpoints(
  client: PinpointClient,
  applicationId: string,
  request: ExportJobRequest,
  poll: PollOptions = DEFAULT_POLL,
): Promise<ExportJobResponse> {
  const created = await client.send(new CreateExportJobCommand({ ApplicationId: applicationId, ExportJobRequest: request }));
  const id = created.ExportJobResponse?.Id as string;
  return waitForJob(client, applicationId, id, poll);
}

export async function waitForJob(client: PinpointClient, applicationId: string, id: string, poll: PollOptions): Promise<ExportJobResponse> {
  const sleep = poll.sleep ?? pause;
  const deadline = Date.now() + poll.timeoutMs;
  let delay = poll.firstDelayMs;
  for (;;) {
    const { ExportJobResponse: job } = await client.send(new GetExportJobCommand({ ApplicationId: applicationId, JobId: id }));
    if (job && TERMINAL.has(job.JobStatus as string)) {
      if (job.JobStatus !== 'COMPLETED') throw new ExportFailedError(job);
      return job;
    }
    if (Date.now() + delay > deadline) throw new ExportTimeoutError(id, job?.JobStatus);
    await sleep(delay);
    delay = Math.min(delay * 2, poll.maxDelayMs);
  }
}

/** Every export job of the application, newest first, through every page. */
export async function listExportJobs(client: PinpointClient, applicationId: string, pageSize = 20): Promise<ExportJobResponse[]> {
  const jobs: ExportJobResponse[] = [];
  let token: string | undefined;
  do {
    const { ExportJobsResponse: page } = await client.send(
      new GetExportJobsCommand({ ApplicationId: applicationId, PageSize: String(pageSize), Token: token }),
    );
    jobs.push(...(page?.Item ?? []));
    token = page?.NextToken;
  } while (token);
  return jobs;
}
