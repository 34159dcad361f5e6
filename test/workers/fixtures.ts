// The shipped fixtures, read through the same parser the seeder uses, and a way to put
// them into the test's real local KV namespace.
import { env } from 'cloudflare:test';
import type { ExportJobResponse } from '../../src/export-job-schema';
import { readFixtureFile } from '../../src/fixture-file';
import { jobKey } from '../../src/job-key';

const files = import.meta.glob<string>(['../../fixtures/*.json', '!../../fixtures/schema.json'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

export const FIXTURE_FILES = Object.fromEntries(Object.entries(files).map(([path, text]) => [path, readFixtureFile(text)]));
export const JOBS: ExportJobResponse[] = Object.values(FIXTURE_FILES).flatMap((file) => file.jobs);

export const jobUrl = (applicationId: string, jobId: string) => `https://sandbox.test/v1/apps/${applicationId}/jobs/export/${jobId}`;
export const urlOf = (job: ExportJobResponse) => jobUrl(job.ApplicationId, job.Id);

export async function seedFixtures(): Promise<void> {
  await Promise.all(
    JOBS.map((job) =>
      env.JOBS.put(jobKey({ applicationId: job.ApplicationId, jobId: job.Id }), JSON.stringify(job), {
        metadata: { JobStatus: job.JobStatus },
      }),
    ),
  );
}

export const jobWithStatus = (status: string): ExportJobResponse => {
  const job = JOBS.find((j) => j.JobStatus === status);
  if (!job) throw new Error(`no fixture with status ${status}`);
  return job;
};

export const ANY_JOB = jobWithStatus('COMPLETED');
