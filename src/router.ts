// Routes: the job resource (GET, HEAD, OPTIONS; any other method is a 405), the index at /,
// the files of public/, and a JSON 404 for everything else. Routes answer a Reply or throw
// an ApiError; `finish` turns either into one Response carrying the AWS identifying headers,
// CORS and x-mock-applied.
// IttyRouter, the smallest of itty's routers, with the request's start and end handled
// here: every await on the hot path costs, and the benchmark counts them.
import { IttyRouter } from 'itty-router';
import { asset } from './assets';
import { addAwsHeaders } from './aws-headers';
import { enforceBodyLimit } from './body-limit';
import { type Config, config } from './config';
import { addCorsHeaders, preflight } from './cors';
import type { Env } from './env';
import { ApiError } from './errors';
import { getJob } from './get-job';
import { getIndex } from './index-page';
import { parseJobPath } from './job-path';
import { enforceRateLimit } from './rate-limit';
import type { Reply } from './reply';
import type { SandboxRequest } from './request-context';
import { verifySigV4 } from './sigv4';

const JOB_ROUTE = '/v1/apps/:applicationId/jobs/export/:jobId';

/** What API Gateway checks before Pinpoint sees a request: rate, payload size, path, signature.
 *  Returns a promise only when a check has to wait; most requests need none of those. */
function begin(request: SandboxRequest, env: Env): Promise<void> | undefined {
  const settings = config(env);
  if (settings.rateLimit || settings.sigv4 || request.body) return gatewayChecks(request, env, settings);
  request.job = parseJobPath(pathOf(request.url));
}

async function gatewayChecks(request: SandboxRequest, env: Env, settings: Config): Promise<void> {
  if (settings.rateLimit) await enforceRateLimit(request, env, settings);
  if (request.body) await enforceBodyLimit(request);
  request.job = parseJobPath(pathOf(request.url));
  if (settings.sigv4 && request.method !== 'OPTIONS') await verifySigV4(request, settings.credentials); // preflights carry no signature
}

/** The path of an absolute URL as the runtime serialised it, without parsing it a second time. */
const pathOf = (url: string): string => {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const query = url.indexOf('?', start);
  return start < 0 ? '/' : url.slice(start, query < 0 ? undefined : query);
};

function toErrorReply(error: unknown, request: SandboxRequest): Reply {
  if (!(error instanceof ApiError)) console.error('unexpected error', error);
  const apiError = error instanceof ApiError ? error : new ApiError('InternalServerErrorException');
  return apiError.reply(request.requestId);
}

function finish(reply: Reply, request: SandboxRequest): Response {
  const headers = { ...reply.headers };
  addAwsHeaders(headers, request.requestId);
  addCorsHeaders(headers, request.headers.get('origin'));
  headers['x-mock-applied'] = request.applied.length > 0 ? request.applied.join('; ') : 'none';
  return new Response(request.method === 'HEAD' ? null : reply.body, { status: reply.status, headers });
}

const methodNotAllowed = () => {
  throw new ApiError('MethodNotAllowedException', undefined, { Allow: 'GET, HEAD, OPTIONS' });
};
const notFound = () => {
  throw new ApiError('NotFoundException');
};

const routes = IttyRouter<SandboxRequest, [Env, ExecutionContext], Reply>()
  .get(JOB_ROUTE, getJob)
  .head(JOB_ROUTE, getJob)
  .options(JOB_ROUTE, preflight)
  .all(JOB_ROUTE, methodNotAllowed)
  .get('/', getIndex)
  .head('/', getIndex)
  .get('*', (request, env) => asset(request, env))
  .head('*', (request, env) => asset(request, env))
  .all('*', notFound);

export async function handle(incoming: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const request = incoming as SandboxRequest;
  request.requestId = crypto.randomUUID();
  request.applied = [];
  request.job = null;
  let reply: Reply;
  try {
    const checking = begin(request, env);
    if (checking) await checking;
    reply = await routes.fetch(request, env, ctx);
  } catch (error) {
    reply = toErrorReply(error, request);
  }
  return finish(reply, request);
}
