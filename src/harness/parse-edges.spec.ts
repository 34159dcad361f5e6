// parseHarness at the edges of each grammar, its exact messages, its documented examples, and
// its memo of parsed values (which progress.ts keys its own memo by).
import { describe, expect, it } from 'vitest';
import { Invalid } from '../invalid';
import { DEFAULT_DELAY_CAP_MS } from '../limits';
import { DEPENDS_ON_ERROR, HARNESS_HEADER_NAMES, HARNESS_REFERENCE, parseHarness } from './parse';

const parse = (headers: Record<string, string>, cap = DEFAULT_DELAY_CAP_MS) => parseHarness(new Headers(headers), cap);
const messageOf = (headers: Record<string, string>) => (parse(headers) as Invalid).message;
const withError = (headers: Record<string, string>) => ({ 'x-mock-error': '500', ...headers });

describe('parseHarness at the edges', () => {
  it('reads nothing, as nothing, from a request with no harness header', () => {
    expect(parse({ accept: 'application/json' })).toEqual({});
  });

  it.each([
    [
      'x-mock-error-rate',
      ['0', '0.25', '0.123456', '1', '1.0', '1.00', '1.000000', '.5', '.25'],
      ['1.5', '0.1234567', '.1234567', '1.0000001', '.x', '01', ''],
    ],
    ['x-mock-error-attempts', ['1', '10', '100'], ['0', '101', '1e1', '1.0', '0x1']],
    [
      'x-mock-delay',
      ['0', '10', '10-20', '20-20', `0-${DEFAULT_DELAY_CAP_MS}`],
      ['10x', '10-20x', '10-', '-10', `${DEFAULT_DELAY_CAP_MS + 1}`],
    ],
    ['x-mock-error-message', ['x'.repeat(1024), 'a b'], ['x'.repeat(1025)]],
  ])('%s takes %j and refuses %j', (header, good, bad) => {
    for (const value of good) expect(parse(withError({ [header]: value })), value).not.toBeInstanceOf(Invalid);
    for (const value of bad) expect(parse(withError({ [header]: value })), value).toBeInstanceOf(Invalid);
  });

  it('reads the numbers it takes as numbers', () => {
    expect(parse(withError({ 'x-mock-error-rate': '.25', 'x-mock-error-attempts': '10', 'x-mock-delay': '20' }))).toEqual({
      error: 'InternalServerErrorException',
      errorRate: 0.25,
      errorAttempts: 10,
      delay: { min: 20, max: 20 },
    });
  });

  it.each([
    [
      { 'x-mock-error': '418' },
      'Invalid x-mock-error header: expected an error status or exception name (400, 403, 404, 405, 413, 429, 500, 502, 503, 504 or e.g. TooManyRequestsException); got "418".',
    ],
    [
      { 'x-mock-errors': '500' },
      `Invalid x-mock-errors header: expected a known harness header (${HARNESS_HEADER_NAMES.join(', ')}); got "500".`,
    ],
    [{ 'x-mock-error-rate': '0.5' }, 'Invalid x-mock-error-rate header: expected to come with x-mock-error; got "0.5".'],
    [withError({ 'x-mock-error-attempts': '0' }), 'Invalid x-mock-error-attempts header: expected a whole number from 1 to 100; got "0".'],
    [
      { 'x-mock-seed': 'x'.repeat(1025) },
      expect.stringMatching(/^Invalid x-mock-seed header: expected at most 1024 characters; got "x+…"\.$/),
    ],
  ])('refuses %j: %s', (headers, message) => {
    expect(messageOf(headers)).toEqual(message);
  });

  it('tells apart, in what it keeps, a value that spells out another header from that header sent', () => {
    expect(parse(withError({ 'x-mock-error-message': 'ax-mock-seed,1' }))).toEqual({
      error: 'InternalServerErrorException',
      errorMessage: 'ax-mock-seed,1',
    });
    expect(parse(withError({ 'x-mock-error-message': 'a', 'x-mock-seed': '1' }))).toEqual({
      error: 'InternalServerErrorException',
      errorMessage: 'a',
      seed: '1',
    });
  });

  it('keeps what it parsed, one object per distinct set of headers, and forgets the oldest first', () => {
    const a = parse({ 'x-mock-now': '1' });
    expect(parse({ 'x-mock-now': '1' })).toBe(a);
    expect(parse({ 'x-mock-now': '2' })).toEqual({ now: 2 });
    expect(parse({ 'x-mock-now': '1' }, 100)).toEqual({ now: 1 });
    const many = Array.from({ length: 1000 }, (_, i) => parse({ 'x-mock-now': String(10_000 + i) }));
    expect(parse({ 'x-mock-now': '1' })).not.toBe(a);
    expect(parse({ 'x-mock-now': '1' })).toEqual(a);
    for (const [i, parsed] of many.entries()) if (i >= 900) expect(parse({ 'x-mock-now': String(10_000 + i) })).toBe(parsed);
  });
});

describe('HARNESS_REFERENCE', () => {
  it('documents every header, in the order they are read, with a grammar, an effect and an example the parser accepts', () => {
    expect(HARNESS_REFERENCE.map((entry) => entry.name)).toEqual(HARNESS_HEADER_NAMES);
    for (const { name, grammar, example, effect } of HARNESS_REFERENCE) {
      expect(Object.keys(HARNESS_REFERENCE.find((entry) => entry.name === name) ?? {})).toEqual(['name', 'grammar', 'example', 'effect']);
      expect(
        [grammar.length, effect.length, example.length].every((n) => n > 0),
        name,
      ).toBe(true);
      const headers = DEPENDS_ON_ERROR.includes(name) ? withError({ [name]: example }) : { [name]: example };
      expect(parse(headers), `${name}: ${example}`).not.toBeInstanceOf(Invalid);
    }
  });
});
