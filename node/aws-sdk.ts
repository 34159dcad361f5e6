// Harness headers on AWS SDK v3 calls (@aws-sdk/client-pinpoint, @aws-sdk/client-s3): on every
// call of a client, or on one command. A build-step middleware, so the headers go out on each
// retry and are signed with the request. Typed structurally: it needs nothing from the SDK but
// its middleware stack, so neither client is a dependency. s3ClientConfig points an S3Client
// at the sandbox's S3 API, path-style, as S3 clients must be to reach it under a path, signed
// as the app's Pinpoint client signs: its region and key id name the tenant whose exports it sees.
import { S3_ERRORS, type S3ErrorCode } from '../src/s3/errors';
import { type Harness, harnessHeaders } from './harness-headers';
import { s3UrlOf } from './s3-endpoint';

// biome-ignore lint/suspicious/noExplicitAny: the SDK's handler types vary by command
type Handler = (args: any) => Promise<any>;
interface WithMiddleware {
  middlewareStack: {
    add(
      middleware: (next: Handler) => Handler,
      options: { step: 'build'; name: string; priority?: 'low' | 'normal'; override?: boolean },
    ): void;
    remove(name: string): boolean;
  };
}

const ON_CLIENT = 'pinpointSandboxHarness';
const ON_COMMAND = 'pinpointSandboxHarnessForCommand'; // runs after the client's, so a command's own headers win

function addHeaders(target: WithMiddleware, headers: Record<string, string>, name: string, priority: 'low' | 'normal'): void {
  target.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { headers?: Record<string, string> } | undefined;
      if (request?.headers) Object.assign(request.headers, headers);
      return next(args);
    },
    { step: 'build', name, priority, override: true },
  );
}

/** Every call of `client` carries these harness headers, until withoutHarness(client). Returns the client. */
export function withHarness<C extends WithMiddleware>(client: C, harness: Harness): C {
  addHeaders(client, harnessHeaders(harness), ON_CLIENT, 'normal'); // a bad option throws now, not at the first call
  return client;
}

/** This command carries these harness headers, over any its client carries. Returns the command. */
export function harnessCommand<C extends WithMiddleware>(command: C, harness: Harness): C {
  addHeaders(command, harnessHeaders(harness), ON_COMMAND, 'low');
  return command;
}

/** S3 answers an injected error by S3's codes: `error` is one of them (SlowDown, InternalError,
 *  AccessDenied, …) or the status of one; the other options are Pinpoint's. */
export interface S3Harness extends Omit<Harness, 'error'> {
  error?: S3ErrorCode | (typeof S3_ERRORS)[S3ErrorCode]['status'];
}

const S3_STATUSES = new Set<number>(Object.values(S3_ERRORS).map((e) => e.status));

/** The headers for an S3Harness; throws a RangeError naming the header when a value is out of its grammar. */
export function s3HarnessHeaders({ error, ...rest }: S3Harness): Record<string, string> {
  if (error === undefined) return harnessHeaders(rest);
  if (typeof error === 'string' ? !Object.hasOwn(S3_ERRORS, error) : !S3_STATUSES.has(error))
    throw new RangeError(`x-mock-error must be an S3 error code or its status (${Object.keys(S3_ERRORS).join(', ')}), not ${error}`);
  // The other options are checked as Pinpoint's, with an error they may come with in its place.
  return { ...harnessHeaders({ ...rest, error: 500 }), 'x-mock-error': String(error) };
}

/** withHarness for an S3Client: every call carries these harness headers, until withoutHarness(client). */
export function withS3Harness<C extends WithMiddleware>(client: C, harness: S3Harness): C {
  addHeaders(client, s3HarnessHeaders(harness), ON_CLIENT, 'normal');
  return client;
}

/** harnessCommand for an S3 command: it carries these harness headers, over any its client carries. */
export function s3HarnessCommand<C extends WithMiddleware>(command: C, harness: S3Harness): C {
  addHeaders(command, s3HarnessHeaders(harness), ON_COMMAND, 'low');
  return command;
}

/** Takes the client's harness headers off. */
export function withoutHarness<C extends WithMiddleware>(client: C): C {
  client.middlewareStack.remove(ON_CLIENT);
  return client;
}

type Provider<T> = T | (() => Promise<T>);
interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** S3ClientConfig fields for s3ClientConfig: `region` is required, since with the access key id it names
 *  the tenant whose exports the client sees; give the region and credentials the app's PinpointClient has. */
export interface S3ClientOptions {
  region: Provider<string>;
  credentials?: Credentials | (() => Promise<Credentials>);
}

/** A tenant, as the admin API names it; the secret is any (the sandbox checks signatures only with SIGV4_VERIFY on). */
export interface S3Tenant {
  accessKeyId: string;
  region: string;
  secretAccessKey?: string;
}

/** A PinpointClient (or its resolved `config`): the S3 client signs with its region and credentials. */
export interface PinpointClientLike {
  config: { region: Provider<string>; credentials?: S3ClientOptions['credentials']; serviceId?: string };
}

/** What the S3 client signs as, from any of the forms s3ClientConfig takes; a TypeError when it names no region. */
function signingOf(from: S3ClientOptions | S3Tenant | PinpointClientLike | PinpointClientLike['config']): S3ClientOptions {
  const config = 'config' in from && typeof from.config === 'object' ? from.config : 'serviceId' in from ? from : undefined;
  const signing: Partial<S3ClientOptions> = config
    ? { region: config.region, ...(config.credentials ? { credentials: config.credentials } : {}) }
    : 'accessKeyId' in from
      ? { region: from.region, credentials: { accessKeyId: from.accessKeyId, secretAccessKey: from.secretAccessKey ?? 'sandbox' } }
      : (from as S3ClientOptions);
  if (signing.region === undefined || signing.region === '') {
    throw new TypeError(
      "s3ClientConfig needs a region: with the access key id it names the tenant whose exports the client sees (give it the app's PinpointClient, its tenant { accessKeyId, region }, or { region, credentials })",
    );
  }
  return signing as S3ClientOptions;
}

/** `new S3Client(s3ClientConfig(sandbox, pinpoint))`: the sandbox's S3 endpoint (`sandbox.s3Url`, or a sandbox's base
 *  URL given as a string), path-style, signed as the same tenant as the app's Pinpoint client, which is given as:
 *  - the PinpointClient itself, or its `config`: its region and credentials (providers as they are);
 *  - a tenant, `{ accessKeyId, region }`;
 *  - S3ClientConfig fields, `region` required, e.g. `{ region, credentials }`, kept as given. */
export function s3ClientConfig(
  sandbox: string | { readonly url: string },
  pinpoint: PinpointClientLike | PinpointClientLike['config'],
): S3ClientOptions & { endpoint: string; forcePathStyle: true };
export function s3ClientConfig(
  sandbox: string | { readonly url: string },
  tenant: S3Tenant,
): { region: string; credentials: Credentials; endpoint: string; forcePathStyle: true };
export function s3ClientConfig<O extends S3ClientOptions>(
  sandbox: string | { readonly url: string },
  options: O,
): O & { endpoint: string; forcePathStyle: true };
export function s3ClientConfig(
  sandbox: string | { readonly url: string },
  from: S3ClientOptions | S3Tenant | PinpointClientLike | PinpointClientLike['config'],
): S3ClientOptions & { endpoint: string; forcePathStyle: true } {
  const url = typeof sandbox === 'string' ? sandbox : sandbox.url;
  const given = from ?? {}; // a JavaScript caller may leave it out: signingOf says what is missing
  const signing = signingOf(given as S3ClientOptions);
  const rest = 'config' in given || 'serviceId' in given || 'accessKeyId' in given ? {} : given;
  return { ...rest, ...signing, endpoint: s3UrlOf(url), forcePathStyle: true };
}

export type { Harness } from './harness-headers';
