import { describe, expect, it } from 'vitest';
import { TtlCache } from './cache';

describe('TtlCache, switched off or emptied', () => {
  it.each([
    [0, 10],
    [-1, 10],
    [1000, 0],
    [1000, -1],
  ])('with a time to live of %i ms and room for %i entries, keeps nothing, not even a stale value', (ttlMs, maxEntries) => {
    const cache = new TtlCache<string>(ttlMs, maxEntries);
    cache.set('a', 'one', 0);
    expect([cache.get('a', 0), cache.stale('a')]).toEqual([undefined, undefined]);
  });

  it('forgets a deleted key at once', () => {
    const cache = new TtlCache<string>(1000, 10);
    cache.set('a', 'one', 0);
    cache.set('b', 'two', 0);
    cache.delete('a');
    expect([cache.get('a', 1), cache.stale('a'), cache.get('b', 1)]).toEqual([undefined, undefined, 'two']);
  });
});
