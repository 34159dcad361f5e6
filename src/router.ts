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
import type { SigV4Credential } from './gateway/credential';
import { addAwsHeaders } from './http/aws-headers';
import { addCorsHeaders, preflight } from './http/cors';
import { ApiError } from './http/errors';
import type { Reply } from './http/reply';
import { asset } from './routes/assets';
import { type Call, type Handler, tenantOf } from './routes/call';
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
  S3_METHODS,
  S3_MOUNT,
  S3_PATTERN,
} from './routes/table';
import { type KnownPath, unknownPathMessage } from './routes/unknown-path';
import { type Runtime, runtimeOf } from './runtime';
import { S3Error } from './s3/errors';
import { resolveS3Request } from './s3/operation';
import { type BodySeen, journalRecord } from './tenants/journal';

/** What one request carries through the router besides itself. */
interface Scope {
  runtime: Runtime;
  requestId: string;
  body: BodySeen;
  credential: SigV4Credential | null | undefined; // undefined until read: a request whose credential cannot be read has no tenant
  operation: JournaledOperation | null; // the operation whose route matched, for the journal
}

type Args = [env: Env, ctx: ExecutionContext, scope: Scope];
type Entry = RouteEntry<IRequest, Args>;

const entry = (method: string, path: string, handler: Handler, operation: JournaledOperation | null = null): Entry => {
  const names = labelsOf(path);
  const run = (request: IRequest, env: Env, ctx: ExecutionContext, scope: Scope) => {
    scope.operation = operation;
    const labels = names.length ? checkLabels(names, request.params) : {};
    const { runtime, requestId, credential = null } = scope;
    const call: Call = { request, env, ctx, runtime, requestId, credential, body: scope.body.text, labels };
    return handler(call);
  };
  return [method, compilePath(path), [run], path];
};

/** The S3 mount: every method and path under it is one of S3's operations or S3's error (src/s3/operation.ts). */
function s3Entries(): Entry[] {
  const serve = (request: IRequest, env: Env, ctx: ExecutionContext, scope: Scope) => {
    const url = new URL(request.url);
    const target = resolveS3Request(request.method, url.pathname.slice(S3_MOUNT.length), url.searchParams);
    if (target instanceof S3Error) throw new S3Failure(target);
    scope.operation = target.operation;
    const { runtime, requestId, credential = null } = scope;
    return serveS3({ request, env, ctx, runtime, requestId, credential, body: scope.body.text, labels: {} }, target);
  };
  const allow = [...S3_METHODS, 'OPTIONS'].join(', ');
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
    const journaled = pinpoint ? (operation as PinpointOperationName) : null; // the journal names Pinpoint's operations only
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
  const file = (async (request: Request, env: Env) => (await asset(request, env)) ?? unknownPath(request)) as Entry[2][number]; // public/'s files; asset() checks the name
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
  const startedMs = Date.now();
  const runtime = runtimeOf(env);
  const arrival = runtime.arrivals++;
  const scope: Scope = { runtime, requestId: crypto.randomUUID(), body: NO_BODY, credential: undefined, operation: null };
  let trusted = false; // a caller has a tenant to journal to once its credential is read (and, with SIGV4_VERIFY on, verified)
  let reply: Reply;
  try {
    const credential = identify(request);
    scope.credential = credential;
    const misaddressed = s3AddressingError(request, credential);
    if (misaddressed) throw new S3Failure(misaddressed);
    const passing = passGateway(request, credential, env, runtime.settings);
    trusted = !runtime.settings.sigv4;
    scope.body = passing === NO_BODY ? NO_BODY : await passing;
    trusted = true;
    reply = (await router.fetch(request as IRequest, env, ctx, scope)) ?? unknownPath(request);
  } catch (error) {
    if (!(error instanceof ApiError || error instanceof S3Failure)) console.error('unexpected error', error);
    reply =
      error instanceof S3Failure || onS3Mount(request)
        ? s3ErrorReply(asS3Failure(error), scope.requestId)
        : (error instanceof ApiError ? error : new ApiError('InternalServerErrorException')).reply(scope.requestId);
  }
  const response = finish(reply, request, scope.requestId);
  if (trusted && runtime.settings.journal) journal(request, env, ctx, scope, reply, startedMs, arrival);
  return response;
}

/** Records the request in its tenant's journal after the answer, without holding it up (batched: tenants/journal-writer.ts). */
function journal(request: Request, env: Env, ctx: ExecutionContext, scope: Scope, reply: Reply, startedMs: number, arrival: number): void {
  const url = new URL(request.url);
  if (url.pathname.startsWith(ADMIN_PREFIX)) return; // reading the journal is not journaled
  const tenant = tenantOf({ env, credential: scope.credential ?? null, runtime: scope.runtime });
  const record = journalRecord(request, url, scope.operation, scope.body, reply, startedMs, Date.now());
  const write = scope.runtime.journal.add(tenant, record, arrival);
  if (write) ctx.waitUntil(write);
}

const onS3Mount = (request: Request): boolean => S3_PATTERN.test(new URL(request.url).pathname);

/** What the 404 names: every path of the table, and the S3 mount. */
const KNOWN_PATHS: readonly KnownPath[] = [
  ...PATHS.map((path) => ({ path, methods: methodsOf(path) })),
  { path: `${S3_MOUNT}/{bucket}/{key}`, methods: [...S3_METHODS, 'OPTIONS'] },
];

/** The 404 of a path no route matches: Pinpoint's NotFoundException, saying so and naming the nearest path. */
const unknownPath = (request: Request): never => {
  throw new ApiError('NotFoundException', unknownPathMessage(new URL(request.url).pathname, KNOWN_PATHS));
};
