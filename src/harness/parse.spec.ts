import { describe, expect, it } from 'vitest';
import { Invalid } from '../invalid';
import { DEFAULT_DELAY_CAP_MS } from '../limits';
import { type ParsedHarness, parseHarness } from './parse';

const CAP = DEFAULT_DELAY_CAP_MS;
const parse = (headers: Record<string, string>): ParsedHarness => {
  const parsed = parseHarness(new Headers(headers), CAP);
  if (parsed instanceof Invalid) throw new Error(parsed.message);
  return parsed;
};
const rejection = (headers: Record<string, string>): Invalid => {
  const parsed = parseHarness(new Headers(headers), CAP);
  if (parsed instanceof Invalid) return parsed;
  throw new Error('expected an Invalid');
};

describe('parseHarness', () => {
  it('reads nothing from a request without harness headers', () => {
    expect(parse({ accept: 'application/json', prefer: 'return=minimal' })).toEqual({});
  });

  it.each([
    ['429', 'TooManyRequestsException'],
    ['TooManyRequestsException', 'TooManyRequestsException'],
    ['notfoundexception', 'NotFoundException'],
    ['503', 'ServiceUnavailableException'],
    ['504', 'GatewayTimeoutException'],
  ])('x-mock-error: %s', (value, name) => {
    expect(parse({ 'x-mock-error': value }).error).toBe(name);
  });

  it('reads every header at once', () => {
    expect(
      parse({
        'x-mock-error': '500',
        'x-mock-error-message': 'boom',
        'x-mock-error-attempts': '2',
        'x-mock-error-rate': '0.5',
        'x-mock-seed': 'abc',
        'x-mock-delay': '10-20',
        'x-mock-fault': 'truncated-json',
        'x-mock-now': '1700000000000',
        'x-mock-progression': 'start=2026-01-01T00:00:00Z; duration=60; outcome=FAILED; pieces=4; endpoints=40',
      }),
    ).toEqual({
      error: 'InternalServerErrorException',
      errorMessage: 'boom',
      errorAttempts: 2,
      errorRate: 0.5,
      seed: 'abc',
      delay: { min: 10, max: 20 },
      fault: 'truncated-json',
      now: 1_700_000_000_000,
      progression: { start: Date.UTC(2026, 0, 1), durationMs: 60_000, outcome: 'FAILED', pieces: 4, endpoints: 40 },
    });
  });

  it('takes Prefer: code=<status> as x-mock-error, and code=200 as no error', () => {
    expect(parse({ prefer: 'code=404' }).error).toBe('NotFoundException');
    expect(parse({ prefer: 'code=429, example=slow' }).error).toBe('TooManyRequestsException');
    expect(parse({ prefer: 'code=200' }).error).toBeUndefined();
    expect(parse({ prefer: 'code=500', 'x-mock-error': 'InternalServerErrorException' }).error).toBe('InternalServerErrorException');
  });

  it('defaults progression pieces and endpoints, and accepts epoch ms and fractional seconds', () => {
    expect(parse({ 'x-mock-progression': 'start=0;duration=1.5;outcome=CANCELLED' }).progression).toEqual({
      start: 0,
      durationMs: 1500,
      outcome: 'CANCELLED',
      pieces: 10,
      endpoints: 1000,
    });
  });

  it.each([
    [{ 'x-mock-error': '418' }, 'x-mock-error', 'an error status or exception name'],
    [{ 'x-mock-error': 'TeapotException' }, 'x-mock-error', 'exception name'],
    [{ 'x-mock-error': '200' }, 'x-mock-error', 'error status'],
    [{ prefer: 'code=418' }, 'prefer', 'code=<an error status'],
    [{ prefer: 'code=abc' }, 'prefer', 'code=<an error status'],
    [{ prefer: 'return=minimal, code=5000' }, 'prefer', 'code=<an error status'],
    [{ prefer: 'code=404', 'x-mock-error': '500' }, 'prefer', 'the same error as x-mock-error'],
    [{ 'x-mock-error-message': 'x' }, 'x-mock-error-message', 'to come with x-mock-error'],
    [{ 'x-mock-error-attempts': '2' }, 'x-mock-error-attempts', 'to come with x-mock-error'],
    [{ 'x-mock-error-rate': '0.5' }, 'x-mock-error-rate', 'to come with x-mock-error'],
    [{ 'x-mock-error': '500', 'x-mock-error-attempts': '0' }, 'x-mock-error-attempts', 'a whole number from 1 to 100'],
    [{ 'x-mock-error': '500', 'x-mock-error-attempts': '101' }, 'x-mock-error-attempts', 'from 1 to 100'],
    [{ 'x-mock-error': '500', 'x-mock-error-attempts': '1.5' }, 'x-mock-error-attempts', 'whole number'],
    [{ 'x-mock-error': '500', 'x-mock-error-rate': '1.1' }, 'x-mock-error-rate', 'a probability from 0 to 1'],
    [{ 'x-mock-error': '500', 'x-mock-error-rate': '-0.1' }, 'x-mock-error-rate', 'probability'],
    [{ 'x-mock-error': '500', 'x-mock-error-rate': 'half' }, 'x-mock-error-rate', 'probability'],
    [{ 'x-mock-seed': 'has space' }, 'x-mock-seed', 'printable ASCII'],
    [{ 'x-mock-seed': 'x'.repeat(129) }, 'x-mock-seed', '1 to 128'],
    [{ 'x-mock-delay': '10001' }, 'x-mock-delay', 'at most 10000'],
    [{ 'x-mock-delay': '500-100' }, 'x-mock-delay', '"<min>-<max>"'],
    [{ 'x-mock-delay': '-5' }, 'x-mock-delay', 'milliseconds'],
    [{ 'x-mock-delay': 'soon' }, 'x-mock-delay', 'milliseconds'],
    [{ 'x-mock-fault': 'garbage' }, 'x-mock-fault', 'empty-body | malformed-json | truncated-json'],
    [{ 'x-mock-now': 'yesterday' }, 'x-mock-now', 'ISO 8601'],
    [{ 'x-mock-now': '2026-01-01T00:00:00' }, 'x-mock-now', 'with a zone'],
    [{ 'x-mock-now': '2026-02-30T00:00:00Z' }, 'x-mock-now', 'ISO 8601'],
    [{ 'x-mock-progression': 'start=0; duration=10' }, 'x-mock-progression', 'outcome=<COMPLETED | FAILED | CANCELLED>'],
    [{ 'x-mock-progression': 'start=0; duration=10; outcome=DONE' }, 'x-mock-progression', 'outcome='],
    [{ 'x-mock-progression': 'start=0; duration=-1; outcome=FAILED' }, 'x-mock-progression', 'duration=<seconds'],
    [{ 'x-mock-progression': 'start=0; duration=31536001; outcome=FAILED' }, 'x-mock-progression', 'duration='],
    [{ 'x-mock-progression': 'start=0; duration=1; outcome=FAILED; pieces=0' }, 'x-mock-progression', 'pieces=<1 to 10000>'],
    [{ 'x-mock-progression': 'start=0; duration=1; outcome=FAILED; pieces=2.5' }, 'x-mock-progression', 'pieces='],
    [{ 'x-mock-progression': 'start=0; duration=1; outcome=FAILED; color=red' }, 'x-mock-progression', 'start='],
    [{ 'x-mock-progression': 'start=0; start=1; duration=1; outcome=FAILED' }, 'x-mock-progression', 'start='],
    [{ 'x-mock-progression': 'start=soon; duration=1; outcome=FAILED' }, 'x-mock-progression', 'start='],
    [{ 'x-mock-colour': 'red' }, 'x-mock-colour', 'a known harness header'],
    [{ 'x-mock-error-message': 'x'.repeat(1025), 'x-mock-error': '500' }, 'x-mock-error-message', 'at most 1024 characters'],
  ])('refuses %o, naming %s', (headers, header, expected) => {
    const error = rejection(headers); // answered as a 400 BadRequestException: test/workers/harness.spec.ts
    expect(error.message).toContain(`Invalid ${header} header: expected`);
    expect(error.message).toContain(expected);
  });

  it('keeps a long bad value out of the message', () => {
    expect(rejection({ 'x-mock-fault': 'y'.repeat(1000) }).message.length).toBeLessThan(300);
  });

  it('honours a lower delay cap', () => {
    expect((parseHarness(new Headers({ 'x-mock-delay': '200' }), 100) as Invalid).message).toMatch(/at most 100/);
  });
});
