// The router: built from the route table (routes/table.ts), with API Gateway's checks before
// it and one place after it that turns every answer into a Response.
//
// How errors travel, the one way: anything that ends a request early throws an ApiError
// (http/errors.ts), which renders itself as Pinpoint's answer; `handle` is the only place that
// catches. Pure modules (harness/, jobs/schema.ts, the lifecycle) never throw HTTP errors:
// they return what they found (a value, null, or an Invalid naming the input and the rule),
// and the route that called them decides which ApiError that is. What the harness applied
// travels as data on the Reply or the ApiError, and is written as x-mock-applied once, here.
//
// IttyRouter, the smallest of itty's routers, is given its route entries directly: the
// patterns come from the table's templates (routes/paths.ts), which let an empty label match
// so that it is a 400 naming the label rather than an unknown path.
import { type IRequest, IttyRouter, type RouteEntry } from 'itty-router';
import type { Env } from './env';
import { passGateway } from './gateway';
import { addAwsHeaders } from './http/aws-headers';
import { addCorsHeaders, preflight } from './http/cors';
import { ApiError } from './http/errors';
import type { Reply } from './http/reply';
import { asset } from './routes/assets';
import type { Call, Handler } from './routes/call';
import { checkLabels, compilePath, labelsOf } from './routes/paths';
import { methodsOf, PATHS, ROUTES } from './routes/table';
import { type Runtime, runtimeOf } from './runtime';

/** What the router passes along with the request to every entry. */
type Args = [env: Env, ctx: ExecutionContext, runtime: Runtime, requestId: string, body: string];
type Entry = RouteEntry<IRequest, Args>;

const entry = (method: string, path: string, handler: Handler): Entry => {
  const names = labelsOf(path);
  const run = (request: IRequest, env: Env, ctx: ExecutionContext, runtime: Runtime, requestId: string, body: string) => {
    const call: Call = { request, env, ctx, runtime, requestId, body, labels: names.length ? checkLabels(names, request.params) : {} };
    return handler(call);
  };
  return [method, compilePath(path), [run], path];
};

function entries(): Entry[] {
  const built: Entry[] = [];
  for (const { method, path, handler } of ROUTES) {
    built.push(entry(method, path, handler));
    if (method === 'GET') built.push(entry('HEAD', path, handler));
  }
  for (const path of PATHS) {
    const allow = methodsOf(path).join(', ');
    built.push(entry('OPTIONS', path, ({ request }) => preflight(request, allow)));
    built.push(
      entry('ALL', path, () => {
        throw new ApiError('MethodNotAllowedException', undefined, { headers: { Allow: allow } });
      }),
    );
  }
  const file = ((request: Request, env: Env) => asset(request, env)) as Entry[2][number]; // public/'s files; asset() checks the name
  built.push(['GET', /^/, [file]], ['HEAD', /^/, [file]]);
  return built;
}

const router = IttyRouter<IRequest, Args, Reply>({ routes: entries() });

function finish(reply: Reply, request: Request, requestId: string): Response {
  const headers = { ...reply.headers };
  addAwsHeaders(headers, requestId);
  addCorsHeaders(headers, request.headers.get('origin'));
  headers['x-mock-applied'] = reply.applied && reply.applied.length > 0 ? reply.applied.join('; ') : 'none';
  return new Response(request.method === 'HEAD' ? null : reply.body, { status: reply.status, headers });
}

export async function handle(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const requestId = crypto.randomUUID();
  let reply: Reply;
  try {
    const runtime = runtimeOf(env);
    const passing = passGateway(request, env, runtime.settings);
    const body = passing === '' ? '' : await passing;
    reply = (await router.fetch(request as IRequest, env, ctx, runtime, requestId, body)) ?? notFound();
  } catch (error) {
    if (!(error instanceof ApiError)) console.error('unexpected error', error);
    reply = (error instanceof ApiError ? error : new ApiError('InternalServerErrorException')).reply(requestId);
  }
  return finish(reply, request, requestId);
}

const notFound = (): never => {
  throw new ApiError('NotFoundException');
};
