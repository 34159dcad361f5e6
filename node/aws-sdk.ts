// Harness headers on @aws-sdk/client-pinpoint calls: on every call of a client, or on one
// command. A build-step middleware, so the headers go out on each retry and are signed with
// the request. Typed structurally: it needs nothing from the SDK but its middleware stack.
import { type Harness, harnessHeaders } from './harness-headers';

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

export type { Harness } from './harness-headers';
