// A PinpointClient configured as a user would, plus the middleware that adds harness
// headers and one that records the raw response headers the SDK saw.
import { PinpointClient, type PinpointClientConfig } from '@aws-sdk/client-pinpoint';
import { inject } from 'vitest';

export const sandboxUrl = () => inject('sandboxUrl');

export { FIXTURE_JOBS, jobWithStatus } from '../support/fixtures';

export interface Recorder {
  headers: Record<string, string>[]; // one entry per HTTP response, in order
}

export function pinpointClient(
  harness: Record<string, string> = {},
  config: Partial<PinpointClientConfig> = {},
): { client: PinpointClient; seen: Recorder } {
  const client = new PinpointClient({
    endpoint: sandboxUrl(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox-secret' },
    ...config,
  });
  const seen: Recorder = { headers: [] };
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers: Record<string, string> };
      Object.assign(request.headers, harness);
      return next(args);
    },
    { step: 'build', name: 'sandboxHarness' },
  );
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        const result = await next(args);
        seen.headers.push((result.response as { headers: Record<string, string> }).headers);
        return result;
      } catch (error) {
        const response = (error as { $response?: { headers: Record<string, string> } }).$response;
        if (response) seen.headers.push(response.headers);
        throw error;
      }
    },
    { step: 'deserialize', name: 'recordHeaders' },
  );
  return { client, seen };
}
