import { describe, expect, it } from 'vitest';
import { TtlCache } from './cache';

describe('TtlCache', () => {
  it('keeps a value for its time to live, and no longer', () => {
    const cache = new TtlCache<string | null>(1000, 10);
    cache.set('a', 'one', 0);
    cache.set('absent', null, 0);
    expect(cache.get('a', 999)).toBe('one');
    expect(cache.get('absent', 999)).toBeNull();
    expect(cache.get('a', 1000)).toBeUndefined();
    expect(cache.stale('a')).toBe('one');
  });

  it('drops the oldest entry past its bound', () => {
    const cache = new TtlCache<number>(1000, 2);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('a', 3, 1); // refreshed: now the newest
    cache.set('c', 4, 2);
    expect([cache.get('a', 3), cache.get('b', 3), cache.get('c', 3)]).toEqual([3, undefined, 4]);
    expect(cache.stale('b')).toBeUndefined(); // gone, not merely expired: two entries at most
  });

  it('keeps nothing when switched off', () => {
    const cache = new TtlCache<number>(0, 10);
    cache.set('a', 1, 0);
    expect(cache.get('a', 0)).toBeUndefined();
  });
});
