// GET (and HEAD) on the job resource: harness first, since an injected error or a delay
// needs no KV read, then the stored job, then what the harness does to it.
import { config } from './config';
import type { Env } from './env';
import { ApiError } from './errors';
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
  request.applied.push(...decision.applied);
  if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
  if (decision.error) throw decision.error;

  const stored = request.job && (await readJob(env.JOBS, request.job, settings));
  if (!stored) throw new ApiError('NotFoundException');
  const changed = harness.progression !== undefined || harness.now !== undefined;
  const json = changed ? JSON.stringify(progress(stored.job, harness, Date.now(), request.applied)) : stored.json;
  if (harness.fault) request.applied.push(`fault=${harness.fault}`);
  return jsonReply(harness.fault ? breakBody(json, harness.fault) : json);
}
