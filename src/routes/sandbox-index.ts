// GET /: what the sandbox is, where it is, which operations it serves, which jobs are seeded
// and how to drive the harness. A browser (Accept: text/html) gets the landing page, which
// reads this same content as JSON; any other client gets the JSON.
import { HARNESS_REFERENCE } from '../harness/parse';
import { jsonReply, type Reply } from '../http/reply';
import { JOB_KEY_PREFIX, type JobRef, refOfKey } from '../jobs/kv-key';
import { ownAsset } from './assets';
import type { Call } from './call';
import type { IndexedOperation, SandboxIndex } from './sandbox-index-schema';

const LISTED = 1000; // one page of KV list; the page says when there are more

// One URL, two representations: caches must keep them apart, and keep neither for long.
const VARY = { Vary: 'Accept', 'cache-control': 'no-cache' };

export async function sandboxIndex(
  { request, env }: Call,
  operations: readonly IndexedOperation[],
  pathOf: (ref: JobRef) => string,
): Promise<Reply> {
  if ((request.headers.get('accept') ?? '').includes('text/html')) {
    const page = await ownAsset(request, env, '/index.html');
    return { ...page, headers: { ...page.headers, ...VARY } };
  }
  const listed = await env.JOBS.list<{ JobStatus?: string }>({ prefix: JOB_KEY_PREFIX, limit: LISTED });
  const origin = new URL(request.url).origin;
  const index: SandboxIndex = {
    name: 'Amazon Pinpoint export-job sandbox',
    description: `Answers Amazon Pinpoint's export-job operations (${operations
      .filter((o) => o.kind === 'pinpoint')
      .map((o) => o.operation)
      .join(
        ', ',
      )}) as Pinpoint did: seeded jobs from Workers KV, created jobs in each caller's own tenant, and a test harness driven by request headers.`,
    baseUrl: origin,
    openapi: `${origin}/openapi.json`,
    operations: [...operations],
    jobs: listed.keys.map(({ name, metadata }) => {
      const ref = refOfKey(name);
      return {
        ApplicationId: ref.applicationId,
        Id: ref.jobId,
        ...(metadata?.JobStatus ? { JobStatus: metadata.JobStatus } : {}),
        url: pathOf(ref),
      };
    }),
    jobsTruncated: !listed.list_complete,
    harnessHeaders: HARNESS_REFERENCE,
  };
  return jsonReply(JSON.stringify(index), 200, VARY);
}
