// The sandbox Worker: Amazon Pinpoint's export-job operations, as Pinpoint answered them.
import type { Env } from './env';
import { handle } from './router';

export default {
  fetch: handle,
} satisfies ExportedHandler<Env>;
