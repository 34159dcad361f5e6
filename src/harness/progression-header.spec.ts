import { describe, expect, it } from 'vitest';
import { Invalid } from '../invalid';
import { PROGRESSION_GRAMMAR, parseProgression } from './progression-header';

const life = (durationMs: number, outcome: string, pieces = 10, endpoints = pieces * 100) => ({ durationMs, outcome, pieces, endpoints });

describe('parseProgression', () => {
  it.each([
    ['duration=1; outcome=FAILED', life(1000, 'FAILED')],
    ['duration=0;outcome=COMPLETED', life(0, 'COMPLETED')],
    ['outcome=CANCELLED; duration=1.25 ', life(1250, 'CANCELLED')],
    [' duration=31536000 ;  outcome=FAILED; pieces=1', life(31_536_000_000, 'FAILED', 1)],
    ['duration=0.0004; outcome=FAILED; pieces=10000; endpoints=1', life(0, 'FAILED', 10_000, 1)],
    ['duration=1; outcome=FAILED; endpoints=2147483647', life(1000, 'FAILED', 10, 2_147_483_647)],
  ])('reads %j, with no start, as a life that starts when the job is created', (text, expected) => {
    expect(parseProgression(text)).toStrictEqual(expected);
  });

  it('reads a start, as epoch milliseconds or ISO 8601', () => {
    expect(parseProgression('start=5; duration=1; outcome=FAILED')).toStrictEqual({ start: 5, ...life(1000, 'FAILED') });
    expect(parseProgression('duration=1; start=1970-01-01T00:00:01Z; outcome=FAILED')).toStrictEqual({
      start: 1000,
      ...life(1000, 'FAILED'),
    });
  });

  it.each([
    'duration=1; outcome=FAILED; Xpieces=3',
    'duration=1; outcome=FAILED; pieces=3 4',
    'duration=1; outcome=FAILED; pieces=+5',
    'duration=1; outcome=FAILED; pieces=0',
    'duration=1; outcome=FAILED; pieces=10001',
    'duration=1; outcome=FAILED; endpoints=0',
    'duration=1; outcome=FAILED; endpoints=2147483648',
    'duration=1; outcome=FAILED; pieces=x; endpoints=5',
    'duration=5.; outcome=FAILED',
    'duration=.5; outcome=FAILED',
    'duration=31536001; outcome=FAILED',
    'duration=1; outcome=failed',
    'duration=1',
    'outcome=FAILED',
    'duration=1; outcome=FAILED;',
    'start=; duration=1; outcome=FAILED',
    'start=-1; duration=1; outcome=FAILED',
  ])('refuses %j, saying what it takes', (text) => {
    const parsed = parseProgression(text);
    expect(parsed).toBeInstanceOf(Invalid);
    expect((parsed as Invalid).message).toBe(`Invalid x-mock-progression header: expected ${PROGRESSION_GRAMMAR}; got "${text}".`);
  });
});
