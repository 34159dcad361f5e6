import { describe, expect, it } from 'vitest';
import { ObjectCache, objectKeyOf } from './object-cache';

const object = (size: number, etag = `"${size}"`) => ({ size, etag, bytes: new Uint8Array(size) as Uint8Array<ArrayBuffer> });

describe('the isolate’s object cache', () => {
  it('holds at most its bound in bytes, dropping the least recently read bytes first and keeping their size and ETag', () => {
    const cache = new ObjectCache(100, 10);
    cache.set('a', object(40));
    cache.set('b', object(40));
    cache.get('a'); // read: now the most recent
    cache.set('c', object(40));
    expect(cache.heldBytes).toBe(80);
    expect(cache.get('b')).toEqual({ size: 40, etag: '"40"', bytes: null }); // its bytes went, its measure stays
    expect(cache.get('a')?.bytes?.length).toBe(40);
    expect(cache.get('c')?.bytes?.length).toBe(40);
  });

  it('keeps no bytes of an object larger than its bound, and at most its bound in entries', () => {
    const cache = new ObjectCache(100, 2);
    cache.set('big', object(101));
    expect(cache.get('big')).toEqual({ size: 101, etag: '"101"', bytes: null });
    cache.set('x', object(1));
    cache.set('y', object(1));
    expect(cache.get('big')).toBeUndefined();
    expect(cache.heldBytes).toBe(2);
  });

  it('holds bytes up to its bound exactly, an object as large as the bound included', () => {
    const cache = new ObjectCache(100, 10);
    cache.set('a', object(60));
    cache.set('b', object(40));
    expect([cache.get('a')?.bytes?.length, cache.get('b')?.bytes?.length, cache.heldBytes]).toEqual([60, 40, 100]);
    cache.set('whole', object(100));
    expect([cache.get('a')?.bytes, cache.get('b')?.bytes, cache.get('whole')?.bytes?.length, cache.heldBytes]).toEqual([
      null,
      null,
      100,
      100,
    ]);
  });

  it('takes no one else’s bytes for an object it will not hold, and counts a replaced object once', () => {
    const cache = new ObjectCache(100, 10);
    cache.set('a', object(30));
    cache.set('big', object(101));
    expect(cache.get('a')?.bytes?.length).toBe(30);
    cache.set('a', object(30, '"again"'));
    cache.set('a', object(20, '"third"'));
    expect(cache.heldBytes).toBe(20);
    expect(cache.get('a')).toMatchObject({ size: 20, etag: '"third"' });
  });

  it('passes over measured objects without bytes when it makes room', () => {
    const cache = new ObjectCache(100, 10);
    cache.set('measured', { size: 500, etag: '"m"', bytes: null });
    cache.set('a', object(60));
    cache.set('b', object(60));
    expect(cache.get('measured')).toEqual({ size: 500, etag: '"m"', bytes: null });
    expect([cache.get('a')?.bytes, cache.get('b')?.bytes?.length, cache.heldBytes]).toEqual([null, 60, 60]);
  });

  it('is not changed by reading a key it does not hold', () => {
    const cache = new ObjectCache(100, 2);
    cache.set('a', object(10));
    cache.set('b', object(10));
    expect(cache.get('missing')).toBeUndefined();
    cache.set('c', object(10));
    expect(cache.get('b')?.bytes?.length).toBe(10); // only the oldest, a, made room
    expect(cache.get('a')).toBeUndefined();
  });

  it('keys an object by everything its bytes follow', () => {
    const job = { ApplicationId: 'app', Id: 'job', CreationDate: '2026-01-01T00:00:00.000Z' };
    const piece = { firstLine: 0, lines: 10 };
    const key = objectKeyOf(job, piece, null);
    const others = [
      objectKeyOf({ ...job, ApplicationId: 'app2' }, piece, null),
      objectKeyOf({ ...job, Id: 'job2' }, piece, null),
      objectKeyOf({ ...job, CreationDate: '2026-01-02T00:00:00.000Z' }, piece, null),
      objectKeyOf({ ...job, SegmentId: 'seg' }, piece, null),
      objectKeyOf(job, { firstLine: 1, lines: 10 }, null),
      objectKeyOf(job, { firstLine: 0, lines: 11 }, null),
      objectKeyOf(job, piece, 'digest'),
    ];
    expect(new Set([key, ...others]).size).toBe(others.length + 1);
    expect(objectKeyOf({ ...job }, { ...piece }, null)).toBe(key);
  });
});
