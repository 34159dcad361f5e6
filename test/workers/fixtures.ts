// The shipped fixtures put into the test's real local KV namespace, and the URLs of jobs.
import { env } from 'cloudflare:test';
import { jobKey } from '../../src/jobs/kv-key';
import { jobPath } from '../../src/routes/table';
import { FIXTURE_JOBS } from '../support/fixtures';

export { ANY_JOB, FIXTURE_FILES, FIXTURE_JOBS as JOBS, jobWithStatus } from '../support/fixtures';

export const jobUrl = (applicationId: string, jobId: string) => `https://sandbox.test${jobPath({ applicationId, jobId })}`;
export const urlOf = (job: { ApplicationId: string; Id: string }) => jobUrl(job.ApplicationId, job.Id);

export async function seedFixtures(): Promise<void> {
  await Promise.all(
    FIXTURE_JOBS.map((job) =>
      env.JOBS.put(jobKey({ applicationId: job.ApplicationId, jobId: job.Id }), JSON.stringify(job), {
        metadata: { JobStatus: job.JobStatus },
      }),
    ),
  );
}
