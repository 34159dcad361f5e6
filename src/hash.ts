// A fast, stable hash for decisions that must repeat (seeded harness rolls) and checks that
// must match (paging tokens). Not cryptographic: nothing here is a secret.

/** A number in [0, 1) determined by `text` alone (FNV-1a, then a murmur3 finaliser to spread it). */
export function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

/** A 64-bit check of `text` as 16 hex digits: two unitHash values, salted apart (and apart from
 *  other uses by `salt`), for a token that must not be forged by accident, or a key that must not collide. */
export function checkOf(text: string, salt = ''): string {
  const hex = (n: number) =>
    Math.floor(n * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return hex(unitHash(`${salt}a\n${text}`)) + hex(unitHash(`${salt}b\n${text}`));
}
