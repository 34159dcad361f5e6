import { describe, expect, it } from 'vitest';
import { LATEST_INSTANT_MS } from '../limits';
import { INSTANT_GRAMMAR, parseInstant } from './instant';

describe('parseInstant', () => {
  it.each([
    ['0', 0],
    ['1700000000000', 1_700_000_000_000],
    [String(LATEST_INSTANT_MS), LATEST_INSTANT_MS],
    ['2026-01-31T12:00Z', Date.UTC(2026, 0, 31, 12)],
    ['2026-01-31T12:00:05Z', Date.UTC(2026, 0, 31, 12, 0, 5)],
    ['2026-01-31T12:00:05.5Z', Date.UTC(2026, 0, 31, 12, 0, 5, 500)],
    ['2026-01-31T12:00:05.123456789Z', Date.UTC(2026, 0, 31, 12, 0, 5, 123)],
    ['2026-01-31T12:00:00+01:30', Date.UTC(2026, 0, 31, 10, 30)],
    ['2026-01-31T12:00:00-10:00', Date.UTC(2026, 0, 31, 22)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2026-12-31T00:00:00Z', Date.UTC(2026, 11, 31)],
    ['2026-01-01T00:00:00Z', Date.UTC(2026, 0, 1)],
    ['9999-12-31T23:59:59.999Z', LATEST_INSTANT_MS],
  ])('reads %s', (text, ms) => {
    expect(parseInstant(text)).toBe(ms);
  });

  it.each([
    '',
    'yesterday',
    String(LATEST_INSTANT_MS + 1),
    '1234567890123456',
    '-1',
    ' 1',
    '1 ',
    '1e3',
    'x2026-01-31T12:00:00Z',
    '2026-01-31T12:00:00Zx',
    '2026-01-31T12:00:00',
    '2026-01-31T12:00:00.Z',
    '2026-01-31T12:00:00.1234567890Z',
    '2026-01-31T12:00:00.aZ',
    '2026-01-31T12:00:00+1:00',
    '2026-01-31T12:00:00+01:0',
    '2026-01-31T12:00:00+0a:00',
    '2026-01-31T12:00:00+01:0a',
    '2026-01-31T12:00:00 01:00',
    '2026-01-31T12:00:00*01:00',
    '2026-00-10T00:00:00Z',
    '2026-13-10T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-01-00T00:00:00Z',
    '2026-01-32T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '9999-12-31T23:59:59.999-01:00',
  ])('refuses %j', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });

  it('says what it takes', () => {
    expect(INSTANT_GRAMMAR).toBe('ISO 8601 with a zone | epoch milliseconds');
  });
});
