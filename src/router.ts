// The router: built from the route table (routes/table.ts), with API Gateway's checks before
// it, and one place after it that turns every answer into a Response and journals it.
//
// How errors travel, the one way: anything that ends a request early throws an ApiError
// (http/errors.ts), which renders itself as Pinpoint's answer; `handle` is the only place that
// catches. Pure modules (harness/, jobs/schema.ts, the lifecycle, paging) never throw HTTP
// errors: they return what they found (a value, null, or an Invalid naming the input and the
// rule), and the route that called them decides which ApiError that is. What the harness
// applied travels as data on the Reply or the ApiError, and is written as x-mock-applied once,
// here.
//
// IttyRouter, the smallest of itty's routers, is given its route entries directly: the
// patterns come from the table's templates (routes/paths.ts), which let an empty label inside
// a path match so that it is a 400 naming the label rather than an unknown path. A path no
// route matches is a 404 that says so and names the nearest declared path
// (routes/unknown-path.ts), apart from an unknown job on a real path.
//
// The S3 mount (/_s3, issue #18) is one entry for every method and path under it: S3 says
// which operation a request is (s3/operation.ts), and errors there travel as S3Failure (an
// ApiError thrown on the way is mapped to S3's code) and are rendered as S3's XML, here.
import { type IRequest, IttyRouter, type RouteEntry } from 'itty-router';
import type { Env } from './env';
import { identify, NO_BODY, passGateway } from './gateway';
import { type SigV4Credential, tenantName } from './gateway/credential';
import { HARNESS_HEADER_NAMES } from './harness/parse';
import { addAwsHeaders } from './http/aws-headers';
import type { BodySeen } from './http/body';
import { addCorsHeaders, preflightAllowing } from './http/cors';
import { ApiError } from './http/errors';
import type { Reply } from './http/reply';
import { asset } from './routes/assets';
import { type Call, type Handler, tenantOf } from './routes/call';
import { journalRecord } from './routes/journal-record';
import { checkLabels, compilePath, labelsOf } from './routes/paths';
import { s3AddressingError } from './routes/s3/addressing';
import { asS3Failure, S3Failure, s3ErrorReply, s3Headers } from './routes/s3/failure';
import { serveS3 } from './routes/s3/operations';
import {
  ADMIN_PREFIX,
  type JournaledOperation,
  methodsOf,
  PATHS,
  type PinpointOperationName,
  ROUTES,
  S3_MOUNT,
  S3_PATTERN,
} from './routes/table';
import { type KnownPath, unknownPathMessage } from './routes/unknown-path';
import { type Runtime, runtimeOf } from './runtime';
import { S3Error } from './s3/errors';
import { resolveS3Request, S3_SERVED_METHODS } from './s3/operation';

/** What one request carries through the router besides itself. */
interface Scope {
  url: URL; // the request's, parsed once
  onS3: boolean; // the request is on the S3 mount: S3's signing service, S3's errors
  params: Record<string, string>; // the matched route's pattern groups
  runtime: Runtime;
  requestId: string;
  body: BodySeen;
  credential: SigV4Credential | null | undefined; // undefined until read: a request whose credential cannot be read has no tenant
  operation: JournaledOperation | null; // the operation whose route matched, for the journal
  trusted: boolean; // whether the request may be journaled: its credential read (and, with SIGV4_VERIFY on, verified)
}

type Args = [env: Env, ctx: ExecutionContext, scope: Scope];

const preflight = preflightAllowing(HARNESS_HEADER_NAMES); // a page may send every harness header
type Entry = RouteEntry<IRequest, Args>;

const entry = (method: string, path: string, handler: Handler, operation: JournaledOperation | null = null): Entry => {
  const names = labelsOf(path);
  const run = (request: IRequest, env: Env, ctx: ExecutionContext, scope: Scope) => {
    scope.operation = operation;
    const labels = names.length ? checkLabels(names, scope.params) : {};
    const { runtime, requestId, credential = null } = scope;
    const call: Call = { request, url: scope.url, env, ctx, runtime, requestId, credential, body: scope.body.text, labels };
    return handler(call);
  };
  return [method, compilePath(path), [run], path];
};

/** The S3 mount: every method and path under it is one of S3's operations or S3's error (src/s3/operation.ts). */
function s3Entries(): Entry[] {
  const serve = (request: IRequest, env: Env, ctx: ExecutionContext, scope: Scope) => {
    const { url, runtime, requestId, credential = null } = scope;
    const target = resolveS3Request(request.method, url.pathname.slice(S3_MOUNT.length), url.searchParams);
    if (target instanceof S3Error) throw new S3Failure(target);
    scope.operation = target.operation;
    return serveS3({ request, url, env, ctx, runtime, requestId, credential, body: scope.body.text, labels: {} }, target);
  };
  const allow = [...S3_SERVED_METHODS, 'OPTIONS'].join(', ');
  const s3Preflight = (request: IRequest, { requestId }: Scope): Reply => {
    const reply = preflight(request, allow);
    return { ...reply, headers: { ...reply.headers, ...s3Headers(requestId) } };
  };
  return [
    [
      'OPTIONS',
      S3_PATTERN,
      [(request: IRequest, _env: Env, _ctx: ExecutionContext, scope: Scope) => s3Preflight(request, scope)],
      S3_MOUNT,
    ],
    ['ALL', S3_PATTERN, [serve], S3_MOUNT],
  ];
}

function entries(): Entry[] {
  const built: Entry[] = [...s3Entries()];
  for (const { method, path, handler, operation, pinpoint } of ROUTES) {
    const journaled = pinpoint ? (operation as PinpointOperationName) : null; // the journal names Pinpoint's operations (and S3's, on the mount), not the sandbox's own
    built.push(entry(method, path, handler, journaled));
    if (method === 'GET') built.push(entry('HEAD', path, handler, journaled));
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
  const file = (async (request: Request, env: Env, _ctx: ExecutionContext, scope: Scope) =>
    (await asset(request, env)) ?? unknownPath(scope.url)) as Entry[2][number]; // public/'s files; asset() checks the name
  built.push(['GET', /^/, [file]], ['HEAD', /^/, [file]]);
  return built;
}

// itty's table of entries, matched here rather than by its fetch: that parses the URL again and
// awaits each handler, and most requests (a fixture GET without harness headers) are answered
// without waiting for anything, so they take no promise at all.
const { routes } = IttyRouter<IRequest, Args, Reply>({ routes: entries() });

/** The first entry whose method and pattern match, run; its Reply, or a promise of it. */
function route(request: Request, env: Env, ctx: ExecutionContext, scope: Scope): Reply | Promise<Reply> {
  const { method } = request;
  for (const [entryMethod, pattern, [run]] of routes) {
    if (entryMethod !== method && entryMethod !== 'ALL') continue;
    const match = pattern.exec(scope.url.pathname);
    if (!match) continue;
    scope.params = match.groups ?? {};
    return (run as (...args: unknown[]) => Reply | Promise<Reply>)(request, env, ctx, scope);
  }
  return unknownPath(scope.url);
}

/** The Response of a reply: its own headers (a fresh object each route makes) with those every answer carries. */
function finish(reply: Reply, request: Request, requestId: string): Response {
  const { headers } = reply;
  addAwsHeaders(headers, requestId);
  addCorsHeaders(headers, request.headers.get('origin'));
  headers['x-mock-applied'] = reply.applied && reply.applied.length > 0 ? reply.applied.join('; ') : 'none';
  return new Response(request.method === 'HEAD' ? null : reply.body, { status: reply.status, headers });
}

/** One request, answered. Without harness headers or checks to wait for, a fixture GET is answered
 *  without a promise: each step returns a value when it has one, and a promise only when it waits. */
export function handle(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
  const startedMs = Date.now();
  const runtime = runtimeOf(env);
  const arrival = runtime.arrivals++;
  const url = new URL(request.url);
  const scope: Scope = {
    url,
    onS3: S3_PATTERN.test(url.pathname),
    params: {},
    runtime,
    requestId: crypto.randomUUID(),
    body: NO_BODY,
    credential: undefined,
    operation: null,
    trusted: false,
  };
  let answer: Reply | Promise<Reply>;
  try {
    const credential = identify(request);
    scope.credential = credential;
    const misaddressed = s3AddressingError(url, scope.onS3, credential); // the URL as parsed once, and whether it is on the mount
    if (misaddressed) throw new S3Failure(misaddressed);
    const passing = passGateway(request, credential, env, runtime.settings, scope.onS3);
    scope.trusted = !runtime.settings.sigv4;
    answer = passing instanceof Promise ? passing.then((body) => passed(request, env, ctx, scope, body)) : passed(request, env, ctx, scope);
  } catch (error) {
    answer = failed(error, scope);
  }
  const respond = (reply: Reply): Response | Promise<Response> => {
    const response = finish(reply, request, scope.requestId);
    const ready = scope.trusted && runtime.settings.journal ? journal(request, env, ctx, scope, reply, startedMs, arrival) : undefined;
    return ready ? ready.then(() => response) : response;
  };
  return answer instanceof Promise ? answer.catch((error) => failed(error, scope)).then(respond) : respond(answer);
}

/** The route's answer once the gateway's checks have passed (and the body, when one was read, is `body`). */
function passed(request: Request, env: Env, ctx: ExecutionContext, scope: Scope, body = NO_BODY): Reply | Promise<Reply> {
  scope.body = body;
  scope.trusted = true; // a caller has a tenant to journal to once its credential is read (and, with SIGV4_VERIFY on, verified)
  try {
    return route(request, env, ctx, scope);
  } catch (error) {
    return failed(error, scope);
  }
}

/** What was thrown, as the answer: S3's XML on the mount, Pinpoint's JSON elsewhere. */
function failed(error: unknown, scope: Scope): Reply {
  if (!(error instanceof ApiError || error instanceof S3Failure)) console.error('unexpected error', error);
  return error instanceof S3Failure || scope.onS3
    ? s3ErrorReply(asS3Failure(error), scope.requestId)
    : (error instanceof ApiError ? error : new ApiError('InternalServerErrorException')).reply(scope.requestId);
}

/** Records the request in its tenant's journal, written after the answer (batched:
 *  tenants/journal-writer.ts); what the answer waits for, when its batch is not announced to the tenant yet. */
function journal(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  scope: Scope,
  reply: Reply,
  startedMs: number,
  arrival: number,
): Promise<void> | undefined {
  const { url } = scope;
  if (url.pathname.startsWith(ADMIN_PREFIX)) return undefined; // reading the journal is not journaled
  const credential = scope.credential ?? null;
  const record = journalRecord(request, url, scope.operation, scope.body, reply, startedMs, Date.now());
  const reach = () => tenantOf({ env, credential, runtime: scope.runtime });
  const { flush, ready } = scope.runtime.journal.add(tenantName(credential), reach, record, arrival);
  if (flush) ctx.waitUntil(flush);
  return ready;
}

/** What the 404 names: every path of the table, and the S3 mount. */
const KNOWN_PATHS: readonly KnownPath[] = [
  ...PATHS.map((path) => ({ path, methods: methodsOf(path) })),
  { path: `${S3_MOUNT}/{bucket}/{key}`, methods: [...S3_SERVED_METHODS, 'OPTIONS'] },
];

/** The 404 of a path no route matches: Pinpoint's NotFoundException, saying so and naming the nearest path. */
const unknownPath = (url: URL): never => {
  throw new ApiError('NotFoundException', unknownPathMessage(url.pathname, KNOWN_PATHS));
};
