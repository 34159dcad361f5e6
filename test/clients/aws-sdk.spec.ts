// The official AWS SDK for JavaScript v3 against the running sandbox.
import {
  BadRequestException,
  ForbiddenException,
  GetExportJobCommand,
  type GetExportJobCommandOutput,
  InternalServerErrorException,
  MethodNotAllowedException,
  NotFoundException,
  PayloadTooLargeException,
  PinpointServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-pinpoint';
import { describe, expect, it } from 'vitest';
import { harnessCommand, withHarness, withoutHarness } from '../../node/aws-sdk';
import { FIXTURE_JOBS, jobWithStatus, pinpointClient } from './pinpoint';

const job = jobWithStatus('COMPLETED');
const command = (j = job) => new GetExportJobCommand({ ApplicationId: j.ApplicationId, JobId: j.Id });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('GetExportJobCommand', () => {
  it('returns every fixture as it is in its file', async () => {
    const { client, seen } = pinpointClient();
    expect(FIXTURE_JOBS.length).toBeGreaterThanOrEqual(12);
    for (const [i, fixture] of FIXTURE_JOBS.entries()) {
      const output = await client.send(command(fixture));
      expect(output.ExportJobResponse).toEqual(fixture);
      expect(output.$metadata.httpStatusCode).toBe(200);
      expect(output.$metadata.requestId).toBe(seen.headers[i]?.['x-amzn-requestid']);
      expect(output.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it.each([
    [BadRequestException, 400, 'client'],
    [ForbiddenException, 403, 'client'],
    [NotFoundException, 404, 'client'],
    [MethodNotAllowedException, 405, 'client'],
    [PayloadTooLargeException, 413, 'client'],
    [TooManyRequestsException, 429, 'client'],
    [InternalServerErrorException, 500, 'server'],
  ])('throws %o for an injected %i, as the SDK models it', async (Exception, status, fault) => {
    const { client } = pinpointClient({ 'x-mock-error': String(status), 'x-mock-error-message': `injected ${status}` }, { maxAttempts: 1 });
    const error = (await failure(client.send(command()))) as InstanceType<typeof Exception>;
    expect(error).toBeInstanceOf(Exception);
    expect(error.name).toBe(Exception.name);
    expect(error.$metadata.httpStatusCode).toBe(status);
    expect(error.$fault).toBe(fault);
    expect(error.message).toBe(`injected ${status}`); // the SDK surfaces the body's Message as the Error's message
    expect(error.RequestID).toBe(error.$metadata.requestId);
    expect(error.RequestID).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('throws NotFoundException for an unknown job, with no harness header', async () => {
    const { client } = pinpointClient({}, { maxAttempts: 1 });
    const error = await failure(client.send(command({ ...job, Id: 'ffffffffffffffffffffffffffffffff' })));
    expect(error).toBeInstanceOf(NotFoundException);
  });
});

describe('retries with the default settings', () => {
  it.each(['500', '429'])('x-mock-error: %s failing 2 attempts succeeds on the third', async (status) => {
    const { client, seen } = pinpointClient({ 'x-mock-error': status, 'x-mock-error-attempts': '2' });
    const output = await client.send(command());
    expect(output.$metadata.attempts).toBe(3);
    expect(output.ExportJobResponse).toEqual(job);
    expect(seen.headers.map((h) => h['x-mock-applied'])).toEqual([
      `error=${status}; attempt=1/2`,
      `error=${status}; attempt=2/2`,
      `error=${status} skipped; attempt=3/2`,
    ]);
  });

  it.each(['500', '429'])('x-mock-error: %s failing 5 attempts throws after 3', async (status) => {
    const { client } = pinpointClient({ 'x-mock-error': status, 'x-mock-error-attempts': '5' });
    const error = (await failure(client.send(command()))) as PinpointServiceException;
    expect(error.$metadata.httpStatusCode).toBe(Number(status));
    expect(error.$metadata.attempts).toBe(3);
  });
});

describe('a polling loop, as client apps write it', () => {
  const TERMINAL = ['COMPLETED', 'FAILED'];
  async function poll(send: () => Promise<GetExportJobCommandOutput>, sleepMs: number, step: () => void): Promise<string[]> {
    const statuses: string[] = [];
    for (let polls = 0; polls < 200; polls++) {
      const status = (await send()).ExportJobResponse?.JobStatus ?? 'none';
      if (statuses.at(-1) !== status) statuses.push(status);
      if (TERMINAL.includes(status)) return statuses;
      step();
      await new Promise((resolve) => setTimeout(resolve, sleepMs));
    }
    throw new Error(`no terminal status after 200 polls: ${statuses}`);
  }
  const ORDER = ['CREATED', 'PREPARING_FOR_INITIALIZATION', 'INITIALIZING', 'PROCESSING', 'COMPLETING', 'COMPLETED'];
  const inOrder = (statuses: string[]) => statuses.every((s, i) => i === 0 || ORDER.indexOf(s) > ORDER.indexOf(statuses[i - 1] as string));

  it('sees the statuses in lifecycle order and ends at the outcome, in real time', async () => {
    const start = new Date().toISOString();
    const { client } = pinpointClient({ 'x-mock-progression': `start=${start}; duration=3; outcome=COMPLETED` });
    const statuses = await poll(
      () => client.send(command()),
      100,
      () => {},
    );
    expect(statuses.at(-1)).toBe('COMPLETED');
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(inOrder(statuses)).toBe(true);
  });

  it('finishes without waiting when it steps x-mock-now', async () => {
    const harness: Record<string, string> = {
      'x-mock-progression': 'start=2026-01-01T00:00:00Z; duration=3600; outcome=FAILED; pieces=12',
      'x-mock-now': '2026-01-01T00:00:00Z',
    };
    const { client } = pinpointClient(harness);
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const started = Date.now();
    const statuses = await poll(
      () => client.send(command()),
      0,
      () => {
        clock += 300_000; // five virtual minutes a poll
        harness['x-mock-now'] = new Date(clock).toISOString();
      },
    );
    expect(statuses).toEqual(['CREATED', 'PREPARING_FOR_INITIALIZATION', 'INITIALIZING', 'PROCESSING', 'FAILING', 'FAILED']);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('broken bodies', () => {
  it('x-mock-fault: malformed-json makes the SDK throw a deserialization error, not a service exception', async () => {
    const { client } = pinpointClient({ 'x-mock-fault': 'malformed-json' }, { maxAttempts: 1 });
    const error = (await failure(client.send(command()))) as Error & { $metadata?: { httpStatusCode?: number }; $response?: unknown };
    expect(error).not.toBeInstanceOf(PinpointServiceException);
    expect(error.name).toBe('SyntaxError');
    expect(error.message).toMatch(/Deserialization error/);
    expect(error.$metadata?.httpStatusCode).toBe(200);
  });
});

describe('the package’s harness helper (pinpoint-export-job-sandbox/aws-sdk)', () => {
  it('adds headers to every call of a client, one command’s own over them, until taken off', async () => {
    const { client } = pinpointClient({}, { maxAttempts: 1 });
    withHarness(client, { error: 404 });
    expect(await failure(client.send(command()))).toBeInstanceOf(NotFoundException);
    const throttled = harnessCommand(command(), { error: 'TooManyRequestsException', errorMessage: 'Slow down' });
    const error = await failure(client.send(throttled));
    expect(error).toBeInstanceOf(TooManyRequestsException);
    expect((error as Error).message).toBe('Slow down');
    expect(await failure(client.send(command()))).toBeInstanceOf(NotFoundException); // the command's headers were its own
    withoutHarness(client);
    expect((await client.send(command())).ExportJobResponse).toEqual(job);
  });

  it('retries as the SDK does when only the first attempts fail', async () => {
    const { client, seen } = pinpointClient({}, { maxAttempts: 3 });
    const output = await client.send(harnessCommand(command(), { error: 503, errorAttempts: 2 }));
    expect(output.$metadata.attempts).toBe(3);
    expect(seen.headers.map((h) => h['x-amzn-errortype'] ?? 'ok')).toEqual([
      'ServiceUnavailableException',
      'ServiceUnavailableException',
      'ok',
    ]);
  });
});
