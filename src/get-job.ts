// GET (and HEAD) on the job resource: harness first, since an injected error or a delay
// needs no KV read, then the stored job, then what the harness does to it.
import type { Env } from './env';
import { ApiError } from './errors';
import { readAttempt } from './harness/attempt';
import { decide } from './harness/decide';
import { breakBody } from './harness/fault';
import { parseHarness } from './harness/parse';
import { progress } from './harness/progress';
import { readJob } from './job-store';
import type { SandboxRequest } from './request-context';

const DEFAULT_DELAY_CAP_MS = 10_000;

export async function getJob(request: SandboxRequest, env: Env): Promise<Response> {
  const harness = parseHarness(request.headers, delayCap(env));
  const decision = decide(harness, readAttempt(request.headers));
  request.applied.push(...decision.applied);
  if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
  if (decision.error) throw decision.error;

  const ref = request.job;
  const stored = ref && (await readJob(env.JOBS, ref));
  if (!stored) throw new ApiError('NotFoundException', 'Resource not found');
  const json = JSON.stringify(progress(stored, harness, Date.now(), request.applied));
  if (harness.fault) request.applied.push(`fault=${harness.fault}`);
  return new Response(harness.fault ? breakBody(json, harness.fault) : json, {
    headers: { 'content-type': 'application/json' },
  });
}

function delayCap(env: Env): number {
  const cap = Number(env.MOCK_DELAY_CAP_MS ?? DEFAULT_DELAY_CAP_MS);
  return Number.isInteger(cap) && cap >= 0 ? cap : DEFAULT_DELAY_CAP_MS;
}
