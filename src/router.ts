// Routes: the job resource (GET, HEAD, OPTIONS; any other method is a 405), and a JSON 404
// for everything else. Every response, errors included, leaves through `finish`, which
// adds the AWS identifying headers, CORS and x-mock-applied.
import { Router } from 'itty-router';
import { awsHeaders } from './aws-headers';
import { enforceBodyLimit } from './body-limit';
import { corsHeaders, preflight } from './cors';
import type { Env } from './env';
import { ApiError } from './errors';
import { getJob } from './get-job';
import { parseJobPath } from './job-path';
import type { SandboxRequest } from './request-context';

const JOB_ROUTE = '/v1/apps/:applicationId/jobs/export/:jobId';

async function begin(request: SandboxRequest): Promise<void> {
  request.requestId = crypto.randomUUID();
  request.applied = [];
  request.job = null;
  await enforceBodyLimit(request); // API Gateway refuses an oversized payload before routing
  request.job = parseJobPath(new URL(request.url).pathname);
}

function toErrorResponse(error: unknown, request: SandboxRequest): Response {
  if (!(error instanceof ApiError)) console.error('unexpected error', error);
  const apiError = error instanceof ApiError ? error : new ApiError('InternalServerErrorException');
  return apiError.toResponse(request.requestId ?? crypto.randomUUID());
}

/** Every response here is built by this Worker, so its headers are mutable and set in place. */
function finish(response: Response, request: SandboxRequest): Response {
  const extra = {
    ...awsHeaders(request.requestId),
    ...corsHeaders(request),
    'x-mock-applied': request.applied.length > 0 ? request.applied.join('; ') : 'none',
  };
  for (const [name, value] of Object.entries(extra)) response.headers.set(name, value);
  return request.method === 'HEAD' ? new Response(null, response) : response;
}

const methodNotAllowed = () => {
  throw new ApiError('MethodNotAllowedException', undefined, { Allow: 'GET, HEAD, OPTIONS' });
};
const notFound = () => {
  throw new ApiError('NotFoundException', 'Resource not found');
};

export const router = Router<SandboxRequest, [Env, ExecutionContext]>({
  before: [begin],
  catch: toErrorResponse,
  finally: [finish],
});

router.get(JOB_ROUTE, getJob).head(JOB_ROUTE, getJob).options(JOB_ROUTE, preflight).all(JOB_ROUTE, methodNotAllowed).all('*', notFound);
