// GET /: what the sandbox is, where it is, which jobs are seeded and how to drive the
// harness. A browser (Accept: text/html) gets the landing page, which reads this same
// content as JSON; any other client gets the JSON.
import { asset } from './assets';
import type { Env } from './env';
import { ApiError } from './errors';
import { HARNESS_REFERENCE } from './harness/reference';
import { JOB_KEY_PREFIX, refOfKey } from './job-key';
import { jobPath } from './job-path';
import { jsonReply, type Reply } from './reply';

const LISTED = 1000; // one page of KV list; the page says when there are more

interface IndexJob {
  ApplicationId: string;
  Id: string;
  JobStatus?: string;
  url: string;
}

// One URL, two representations: caches must keep them apart, and keep neither for long.
const VARY = { Vary: 'Accept', 'cache-control': 'no-cache' };

export async function getIndex(request: Request, env: Env): Promise<Reply> {
  const url = new URL(request.url);
  if (url.pathname !== '/') throw new ApiError('NotFoundException'); // the router's "/" also matches "//", "///", …
  if ((request.headers.get('accept') ?? '').includes('text/html')) {
    const page = await asset(request, env, '/index.html');
    return { ...page, headers: { ...page.headers, ...VARY } };
  }
  const listed = await env.JOBS.list<{ JobStatus?: string }>({ prefix: JOB_KEY_PREFIX, limit: LISTED });
  const jobs: IndexJob[] = listed.keys.map(({ name, metadata }) => {
    const ref = refOfKey(name);
    return {
      ApplicationId: ref.applicationId,
      Id: ref.jobId,
      ...(metadata?.JobStatus ? { JobStatus: metadata.JobStatus } : {}),
      url: jobPath(ref),
    };
  });
  const origin = url.origin;
  return jsonReply(
    JSON.stringify({
      name: 'Amazon Pinpoint export-job sandbox',
      description:
        "Answers Amazon Pinpoint's GetExportJob (GET and OPTIONS on /v1/apps/{application-id}/jobs/export/{job-id}) as Pinpoint did, from fixtures in Workers KV, with a test harness driven by request headers.",
      baseUrl: origin,
      openapi: `${origin}/openapi.json`,
      jobs,
      jobsTruncated: !listed.list_complete,
      harnessHeaders: HARNESS_REFERENCE,
    }),
    200,
    VARY,
  );
}
