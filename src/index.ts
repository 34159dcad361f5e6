// The sandbox Worker: Amazon Pinpoint's GetExportJob, served from fixtures in Workers KV.
import type { Env } from './env';
import { router } from './router';

export default {
  fetch: (request, env, ctx) => router.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
