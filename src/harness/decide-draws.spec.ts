// What decide() draws, and how it says so in x-mock-applied: exact values, so that a client's
// recorded run with a seed replays the same way on every version of the sandbox.
import { describe, expect, it } from 'vitest';
import { decide, readAttempt } from './decide';

const first = () => ({ number: 1, invocationId: 'inv' });
const never = () => {
  throw new Error('a draw without a seed is the random function’s');
};

describe('readAttempt', () => {
  it.each([
    ['attempt=12; max=20', 12],
    ['max=5; attempt=2', 2],
    ['max=5;attempt=3', 3],
    ['attempt=9999', 9999],
    ['attempt=12345', 1],
    ['attempt=0', 1],
    ['reattempt=4', 1],
  ])('reads %j as attempt %i', (value, number) => {
    expect(readAttempt(new Headers({ 'amz-sdk-request': value })).number).toBe(number);
  });
});

describe('decide', () => {
  it('without a seed, draws from the random function: the delay within min..max, the error below the rate', () => {
    const h = { delay: { min: 100, max: 199 }, error: 'InternalServerErrorException' as const, errorRate: 0.5 };
    expect(decide(h, first, () => 0.5)).toEqual({ delayMs: 150, error: null, applied: ['delay=150ms', 'error=500 skipped', 'rate=0.5'] });
    expect(decide(h, first, () => 0.4999)).toEqual({
      delayMs: 149,
      error: { name: 'InternalServerErrorException', message: undefined },
      applied: ['delay=149ms', 'error=500', 'rate=0.5'],
    });
    expect(decide({ delay: { min: 100, max: 199 } }, first, () => 0.99999).delayMs).toBe(199);
    expect(decide({ delay: { min: 7, max: 7 } }, never, () => 0).applied).toEqual(['delay=7ms']);
  });

  it('says only what it did: no attempt or rate part for headers not sent', () => {
    expect(decide({ error: 'BadGatewayException' }, never)).toEqual({
      delayMs: 0,
      error: { name: 'BadGatewayException', message: undefined },
      applied: ['error=502'],
    });
  });

  it('with a seed and the tenant’s count, draws from the seed and the count alone, the same on every version', () => {
    const h = { error: 'TooManyRequestsException' as const, errorRate: 0.5, seed: 'run-42', delay: { min: 0, max: 1000 } };
    const drawn = (sequence: number, attempt = first) => decide(h, attempt, never, sequence).applied.slice(0, 2).join('; ');
    expect([1, 2, 3, 4, 5, 6].map((n) => drawn(n))).toEqual([
      'delay=736ms; error=429 skipped',
      'delay=752ms; error=429 skipped',
      'delay=845ms; error=429',
      'delay=404ms; error=429 skipped',
      'delay=700ms; error=429 skipped',
      'delay=210ms; error=429 skipped',
    ]);
    expect(drawn(3, () => ({ number: 4, invocationId: 'other' }))).toBe('delay=845ms; error=429');
  });

  it('with a seed and no count, draws from the seed, the invocation and the attempt, the same on every version', () => {
    const h = { error: 'TooManyRequestsException' as const, errorRate: 0.5, seed: 'run-42', delay: { min: 0, max: 1000 } };
    const drawn = (number: number) =>
      decide(h, () => ({ number, invocationId: 'inv' }), never)
        .applied.slice(0, 2)
        .join('; ');
    expect([1, 2, 3, 4].map(drawn)).toEqual([
      'delay=289ms; error=429 skipped',
      'delay=268ms; error=429 skipped',
      'delay=582ms; error=429',
      'delay=299ms; error=429',
    ]);
  });
});
