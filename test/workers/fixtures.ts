// The shipped fixtures put into the test's real local KV namespace, and the URLs of jobs.
import { env } from 'cloudflare:test';
import { jobEntries } from '../../src/jobs/seed-entries';
import { jobPath } from '../../src/routes/table';
import { FIXTURE_JOBS } from '../support/fixtures';

export { ANY_JOB, FIXTURE_FILES, FIXTURE_JOBS as JOBS, jobWithStatus } from '../support/fixtures';

export const jobUrl = (applicationId: string, jobId: string) => `https://sandbox.test${jobPath({ applicationId, jobId })}`;
export const urlOf = (job: { ApplicationId: string; Id: string }) => jobUrl(job.ApplicationId, job.Id);

/** Writes `job` as seeding does: the job, and its line in the bucket index. */
export async function seedJob(job: Parameters<typeof jobEntries>[0]): Promise<void> {
  const entries = jobEntries(job);
  if (!Array.isArray(entries)) throw new Error(entries.message);
  await Promise.all(entries.map((e) => env.JOBS.put(e.key, e.value, e.metadata ? { metadata: e.metadata } : {})));
}

export async function seedFixtures(): Promise<void> {
  await Promise.all(FIXTURE_JOBS.map(seedJob));
}
