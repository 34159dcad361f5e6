// GET (and HEAD) on the job resource: harness first, since an injected error or a delay
// needs no KV read, then the stored job, then what the harness does to it. An injected error
// and an unknown job are this route's ordinary answers, so they are returned, not thrown:
// an exception unwinding through the router's async frames costs more than the answer.
import { config } from './config';
import type { Env } from './env';
import { errorReply } from './errors';
import { readAttempt } from './harness/attempt';
import { decide } from './harness/decide';
import { breakBody } from './harness/fault';
import { parseHarness } from './harness/parse';
import { progress } from './harness/progress';
import { readJob } from './job-store';
import { jsonReply, type Reply } from './reply';
import type { SandboxRequest } from './request-context';

export async function getJob(request: SandboxRequest, env: Env): Promise<Reply> {
  const settings = config(env);
  const harness = parseHarness(request.headers, settings.delayCapMs);
  const decision = decide(harness, () => readAttempt(request.headers));
  if (decision.applied.length > 0) request.applied.push(...decision.applied);
  if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
  if (decision.error) return errorReply(decision.error.name, request.requestId, decision.error.message);

  const stored = request.job && (await readJob(env.JOBS, request.job, settings));
  if (!stored) return errorReply('NotFoundException', request.requestId);
  const json = progress(stored.job, stored.json, harness, Date.now(), request.applied);
  if (harness.fault) request.applied.push(`fault=${harness.fault}`);
  return jsonReply(harness.fault ? breakBody(json, harness.fault) : json);
}
