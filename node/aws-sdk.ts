// Harness headers on AWS SDK v3 calls (@aws-sdk/client-pinpoint, @aws-sdk/client-s3): on every
// call of a client, or on one command. A build-step middleware, so the headers go out on each
// retry and are signed with the request. Typed structurally: it needs nothing from the SDK but
// its middleware stack, so neither client is a dependency. s3ClientConfig points an S3Client
// at the sandbox's S3 API, path-style, as S3 clients must be to reach it under a path.
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

function addHeaders(target: WithMiddleware, harness: Harness, name: string, priority: 'low' | 'normal'): void {
  const headers = harnessHeaders(harness); // throws now, not at the first call
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
  addHeaders(client, harness, ON_CLIENT, 'normal');
  return client;
}

/** This command carries these harness headers, over any its client carries. Returns the command. */
export function harnessCommand<C extends WithMiddleware>(command: C, harness: Harness): C {
  addHeaders(command, harness, ON_COMMAND, 'low');
  return command;
}

/** Takes the client's harness headers off. */
export function withoutHarness<C extends WithMiddleware>(client: C): C {
  client.middlewareStack.remove(ON_CLIENT);
  return client;
}

/** What s3ClientConfig takes beside the sandbox: any S3ClientConfig field, e.g. the credentials a client
 *  app gives its PinpointClient too, so that S3 shows it the exports of the jobs it created. */
export interface S3ClientOptions {
  /** us-east-1 unless given; with the key id, it names the tenant, as for Pinpoint's operations. */
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** `new S3Client(s3ClientConfig(sandbox, options))`: the sandbox's S3 endpoint (`sandbox.s3Url`, or a
 *  sandbox's base URL given as a string), path-style, region us-east-1 unless `options` says otherwise. */
export function s3ClientConfig<O extends S3ClientOptions>(
  sandbox: string | { readonly url: string },
  options?: O,
): Omit<O, 'region'> & { endpoint: string; forcePathStyle: true; region: string } {
  const url = typeof sandbox === 'string' ? sandbox : sandbox.url;
  return { region: 'us-east-1', ...(options as O), endpoint: s3UrlOf(url), forcePathStyle: true };
}

export type { Harness } from './harness-headers';
