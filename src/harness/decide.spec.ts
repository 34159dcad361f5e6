import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, readAttempt } from './decide';

const attemptOf = (number: number, invocationId = 'inv-1') => ({ number, invocationId });
const attempt =
  (number: number, invocationId = 'inv-1') =>
  () =>
    attemptOf(number, invocationId);

describe('readAttempt', () => {
  it('reads the AWS SDK header, and defaults to attempt 1', () => {
    expect(readAttempt(new Headers({ 'amz-sdk-request': 'attempt=3; max=5', 'amz-sdk-invocation-id': 'x' }))).toEqual(attemptOf(3, 'x'));
    expect(readAttempt(new Headers())).toEqual(attemptOf(1, ''));
    expect(readAttempt(new Headers({ 'amz-sdk-request': 'garbage' })).number).toBe(1);
  });
});

describe('decide', () => {
  it('does nothing without harness headers', () => {
    expect(decide({}, attempt(1))).toEqual({ delayMs: 0, error: null, applied: [] });
  });

  it('fails attempts 1..n only', () => {
    const h = { error: 'InternalServerErrorException' as const, errorAttempts: 2 };
    expect(decide(h, attempt(1)).error?.name).toBe('InternalServerErrorException');
    expect(decide(h, attempt(2)).error?.name).toBe('InternalServerErrorException');
    expect(decide(h, attempt(3)).error).toBeNull();
    expect(decide(h, attempt(1)).applied).toEqual(['error=500', 'attempt=1/2']);
    expect(decide(h, attempt(3)).applied).toEqual(['error=500 skipped', 'attempt=3/2']);
  });

  it('uses the custom message', () => {
    expect(decide({ error: 'ForbiddenException', errorMessage: 'nope' }, attempt(1)).error?.message).toBe('nope');
  });

  it('with a seed, decides the rate and delays the same way every time', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.uuid(), fc.integer({ min: 1, max: 10 }), (seed, inv, n) => {
        const h = { error: 'TooManyRequestsException' as const, errorRate: 0.5, seed, delay: { min: 0, max: 1000 } };
        const a = decide(h, attempt(n, inv), () => 0);
        const b = decide(h, attempt(n, inv), () => 0.99);
        expect(a.delayMs).toBe(b.delayMs);
        expect(a.error === null).toBe(b.error === null);
      }),
    );
  });

  it('with a seed, hits roughly the asked rate across invocations', () => {
    const h = { error: 'InternalServerErrorException' as const, errorRate: 0.3, seed: 'rate-check' };
    const fired = Array.from({ length: 2000 }, (_, i) => decide(h, attempt(1, `inv-${i}`)).error !== null).filter(Boolean).length;
    expect(fired / 2000).toBeGreaterThan(0.25);
    expect(fired / 2000).toBeLessThan(0.35);
  });

  it('rate 0 never fires, rate 1 always does', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 5 }), (inv, n) => {
        expect(decide({ error: 'InternalServerErrorException', errorRate: 0, seed: 's' }, attempt(n, inv)).error).toBeNull();
        expect(decide({ error: 'InternalServerErrorException', errorRate: 1, seed: 's' }, attempt(n, inv)).error).not.toBeNull();
      }),
    );
  });

  it('keeps delays within the range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        (a, b, r) => {
          const [min, max] = a <= b ? [a, b] : [b, a];
          const { delayMs } = decide({ delay: { min, max } }, attempt(1), () => r);
          expect(delayMs).toBeGreaterThanOrEqual(min);
          expect(delayMs).toBeLessThanOrEqual(max);
        },
      ),
    );
  });
});
