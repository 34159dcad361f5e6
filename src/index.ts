// The sandbox Worker: Amazon Pinpoint's GetExportJob, served from fixtures in Workers KV.
import type { Env } from './env';
import { handle } from './router';

export default {
  fetch: handle,
} satisfies ExportedHandler<Env>;
