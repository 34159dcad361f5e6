import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHarness } from '../src/harness/parse';
import { OUTCOMES } from '../src/harness/progression-header';
import { ERROR_NAMES } from '../src/http/error-catalogue';
import { Invalid } from '../src/invalid';
import { MAX_DELAY_CAP_MS, MAX_ERROR_ATTEMPTS } from '../src/limits';
import { type Harness, harnessHeaders } from './harness-headers';

describe('harnessHeaders', () => {
  it('writes each option as its header', () => {
    const harness: Harness = {
      error: 429,
      errorMessage: 'Rate exceeded',
      errorAttempts: 2,
      errorRate: 0.25,
      seed: 'run-42',
      delayMs: [100, 200],
      fault: 'truncated-json',
      now: new Date('2026-11-01T00:04:00Z'),
      progression: { start: '2026-11-01T00:00:00Z', durationS: 600, outcome: 'FAILED', pieces: 20 },
    };
    expect(harnessHeaders(harness)).toEqual({
      'x-mock-error': '429',
      'x-mock-error-message': 'Rate exceeded',
      'x-mock-error-attempts': '2',
      'x-mock-error-rate': '0.250000',
      'x-mock-seed': 'run-42',
      'x-mock-delay': '100-200',
      'x-mock-fault': 'truncated-json',
      'x-mock-now': '2026-11-01T00:04:00.000Z',
      'x-mock-progression': 'start=2026-11-01T00:00:00Z; duration=600; outcome=FAILED; pieces=20',
    });
  });

  it.each([
    [{ errorAttempts: 2 }, /x-mock-error-attempts header: expected to come with x-mock-error/],
    [{ error: 'TooManyRequestsException', errorRate: 1.5 }, /x-mock-error-rate header: expected a probability from 0 to 1/],
    [{ error: 429, errorAttempts: 101 as never }, /x-mock-error-attempts header: expected a whole number from 1 to 100/],
    [{ delayMs: [300, 100] }, /x-mock-delay header/],
    [{ delayMs: MAX_DELAY_CAP_MS + 1 }, /x-mock-delay header/],
    [{ seed: 'has space' }, /x-mock-seed header/],
    [{ now: 'yesterday' }, /x-mock-now header/],
    [{ progression: { durationS: -1, outcome: 'COMPLETED' } }, /x-mock-progression header/],
    [{ error: 418 as never }, /x-mock-error header/],
    [{ colour: 'red' } as never, /unknown harness option colour/],
  ])('refuses %j before any request, naming the header', (harness, message) => {
    expect(() => harnessHeaders(harness as Harness)).toThrow(RangeError);
    expect(() => harnessHeaders(harness as Harness)).toThrow(message);
  });

  it('writes what the Worker reads back as given (property)', () => {
    const harnesses = fc.record(
      {
        error: fc.constantFrom(...ERROR_NAMES),
        errorAttempts: fc.integer({ min: 1, max: MAX_ERROR_ATTEMPTS }),
        errorRate: fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000),
        seed: fc.stringMatching(/^[\x21-\x7e]{1,128}$/),
        delayMs: fc.integer({ min: 0, max: MAX_DELAY_CAP_MS }),
        now: fc.integer({ min: 0, max: 4_102_444_800_000 }),
        progression: fc.record({ durationS: fc.integer({ min: 0, max: 31_536_000 }), outcome: fc.constantFrom(...OUTCOMES) }),
      },
      { requiredKeys: ['error'] },
    );
    fc.assert(
      fc.property(harnesses, (harness) => {
        const parsed = parseHarness(new Headers(harnessHeaders(harness as Harness)), MAX_DELAY_CAP_MS);
        expect(parsed).not.toBeInstanceOf(Invalid);
        const read = parsed as Exclude<typeof parsed, Invalid>;
        expect(read.error).toBe(harness.error);
        expect(read.errorAttempts).toBe(harness.errorAttempts);
        expect(read.errorRate).toBe(harness.errorRate);
        expect(read.seed).toBe(harness.seed);
        expect(read.delay).toEqual(harness.delayMs === undefined ? undefined : { min: harness.delayMs, max: harness.delayMs });
        expect(read.now).toBe(harness.now);
        expect(read.progression?.durationMs).toBe(harness.progression && harness.progression.durationS * 1000);
      }),
      { numRuns: 300 },
    );
  });
});
