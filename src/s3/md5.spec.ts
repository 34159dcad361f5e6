import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Md5, md5Hex } from './md5';

const text = (s: string) => new TextEncoder().encode(s);
const subtleMd5 = async (bytes: Uint8Array) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('MD5', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

describe('incremental MD5', () => {
  // RFC 1321, appendix A.5.
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', '57edf4a22be3c955ac49da2e2107b67a'],
  ])('hashes %j as RFC 1321 says', (input, digest) => {
    expect(md5Hex(text(input))).toBe(digest);
  });

  it('agrees with crypto.subtle.digest("MD5") for any bytes, however they are split into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 700 }), fc.array(fc.nat({ max: 700 }), { maxLength: 6 }), async (bytes, cuts) => {
        const hash = new Md5();
        const points = [0, ...cuts.map((c) => Math.min(c, bytes.length)).sort((a, b) => a - b), bytes.length];
        for (let i = 1; i < points.length; i++) hash.update(bytes.subarray(points[i - 1], points[i]));
        expect(hash.hex()).toBe(await subtleMd5(bytes));
      }),
    );
  });

  it('agrees with crypto.subtle.digest("MD5") across a few megabytes fed in odd chunks', async () => {
    const bytes = Uint8Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, i) => (i * 31 + (i >> 9)) & 0xff);
    const hash = new Md5();
    for (let at = 0; at < bytes.length; at += 65_531) hash.update(bytes.subarray(at, at + 65_531));
    expect(hash.hex()).toBe(await subtleMd5(bytes));
  });
});
