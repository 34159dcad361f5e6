import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HARNESS_SCHEMAS, upTo } from './header-schemas';

describe('upTo', () => {
  const matches = (max: number, text: string) => new RegExp(`^${upTo(max)}$`).test(text);

  it('is one group of alternatives, shortest numbers first', () => {
    expect(upTo(7)).toBe('([1-6]|7)');
    expect(upTo(100)).toBe('([1-9]\\d{0,1}|100)');
    expect(upTo(352)).toBe('([1-9]\\d{0,1}|[1-2]\\d{2}|3[0-4]\\d{1}|35[0-1]|352)');
    expect(upTo(1)).toBe('(1)');
  });

  it('matches exactly the whole numbers 1 to max written without leading zeros', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_147_483_647 }), fc.integer({ min: 0, max: 2_147_483_647 }), (max, n) => {
        expect(matches(max, String(n))).toBe(n >= 1 && n <= max);
        expect(matches(max, `0${n}`)).toBe(false);
      }),
    );
    for (const max of [1, 9, 10, 11, 19, 20, 99, 100, 101, 1000, 10_000, 2_147_483_647]) {
      expect(matches(max, String(max)), String(max)).toBe(true);
      expect(matches(max, String(max + 1)), String(max + 1)).toBe(false);
      expect(matches(max, String(max - 1)), String(max - 1)).toBe(max > 1);
      expect(matches(max, '0')).toBe(false);
    }
  });
});

describe('HARNESS_SCHEMAS', () => {
  const pattern = (header: keyof typeof HARNESS_SCHEMAS) => new RegExp((HARNESS_SCHEMAS[header] as { pattern: string }).pattern);

  it.each([
    ['x-mock-error-attempts', ['1', '100'], ['0', '101', '01', 'x']],
    ['x-mock-error-message', ['a', 'Rate exceeded', 'x'.repeat(1024)], ['', ' a', 'a ', 'x'.repeat(1025), 'é']],
    ['x-mock-delay', ['0', '9999', '10000'], ['10001', '12345', '1-2', '']],
    ['x-mock-error-rate', ['0', '0.25', '1', '.5'], ['1.5', 'x', '']],
    ['x-mock-seed', ['run-42', '!~'], ['a b', '', 'é']],
    [
      'x-mock-now',
      ['0', '1700000000000', '2026-01-28T23:59:59.123456789Z', '1970-01-01T00:00Z'],
      ['2026-01-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z', '1969-12-31T00:00:00Z', '12345678901234'],
    ],
    [
      'x-mock-progression',
      ['start=0; duration=1; outcome=FAILED', 'start=0; duration=1234567; outcome=CANCELLED; pieces=10000; endpoints=2147483647'],
      [
        'start=0; duration=1; outcome=DONE',
        'start=0; duration=1; outcome=FAILED; pieces=10001',
        'duration=1; outcome=FAILED',
        'start=0; duration=1.5; outcome=FAILED',
      ],
    ],
  ] as const)('%s: a pattern that takes %j and refuses %j', (header, good, bad) => {
    for (const value of good) expect(pattern(header).test(value), value).toBe(true);
    for (const value of bad) expect(pattern(header).test(value), value).toBe(false);
  });

  it('lists the errors by status and by name, and Prefer codes with code=200', () => {
    expect(HARNESS_SCHEMAS['x-mock-error']).toEqual({
      enum: expect.arrayContaining(['400', 'BadRequestException', '504', 'GatewayTimeoutException']),
    });
    expect((HARNESS_SCHEMAS['x-mock-error'] as { enum: string[] }).enum).toHaveLength(20);
    expect(HARNESS_SCHEMAS.prefer.enum.slice(0, 3)).toEqual(['code=200', 'code=400', 'code=403']);
    expect(HARNESS_SCHEMAS.prefer.enum).toHaveLength(11);
    expect(HARNESS_SCHEMAS['x-mock-fault']).toEqual({ enum: ['empty-body', 'malformed-json', 'truncated-json'] });
  });
});
