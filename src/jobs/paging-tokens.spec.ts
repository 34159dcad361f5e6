// NextTokens and page sizes as a client sees them: URL-safe, bound to their listing, refused
// with one message when edited, extended or made for a cursor no listing has.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../invalid';
import { byListingOrder, decodeToken, encodeToken, parsePageSize } from './paging';

const REFUSED = 'Invalid token: it is not a NextToken this sandbox issued for this listing.';
const cursors = fc.record({ createdMs: fc.integer({ min: 0, max: 2 ** 45 }), id: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/) });

describe('NextToken', () => {
  it('is URL-safe base64 of the cursor and a 16-hex check, and reads back as the cursor', () => {
    fc.assert(
      fc.property(cursors, fc.string(), (cursor, listing) => {
        const token = encodeToken(cursor, listing);
        expect(token).toMatch(/^[A-Za-z0-9_-]+\.[0-9a-f]{16}$/);
        expect(decodeToken(token, listing)).toEqual(cursor);
      }),
    );
  });

  it('carries a check of which each half depends on the listing', () => {
    fc.assert(
      fc.property(cursors, fc.string(), fc.string(), (cursor, one, other) => {
        fc.pre(one !== other);
        const [a, b] = [one, other].map((listing) => encodeToken(cursor, listing).split('.')[1] as string);
        expect(a?.slice(0, 8)).not.toBe(b?.slice(0, 8));
        expect(a?.slice(8)).not.toBe(b?.slice(8));
      }),
    );
  });

  it.each([
    ['with a part added', (token: string) => `${token}.x`],
    ['without its check', (token: string) => token.split('.')[0] as string],
    ['empty', () => ''],
  ])('is refused %s', (_, edit) => {
    expect(decodeToken(edit(encodeToken({ createdMs: 1, id: 'a' }, 'L')), 'L')).toEqual(new Invalid(REFUSED));
  });

  it.each([
    ['a fractional time', { createdMs: 1.5, id: 'a' }],
    ['an unsafe time', { createdMs: 2 ** 53, id: 'a' }],
    ['an id no job has', { createdMs: 1, id: 'a b' }],
    ['an id that is no string', { createdMs: 1, id: 7 as unknown as string }],
  ])('is refused, though its check holds, for %s', (_, cursor) => {
    expect(decodeToken(encodeToken(cursor, 'L'), 'L')).toEqual(new Invalid(REFUSED));
  });
});

describe('listing order', () => {
  it('puts, at the same time, the greater Id first, and ties only a job with itself', () => {
    const jobs = ['b', 'c', 'a'].map((id) => ({ createdMs: 5, id }));
    expect([...jobs].sort(byListingOrder).map((j) => j.id)).toEqual(['c', 'b', 'a']);
    expect(byListingOrder({ createdMs: 5, id: 'a' }, { createdMs: 5, id: 'a' })).toBe(0);
    expect(byListingOrder({ createdMs: 5, id: 'a' }, { createdMs: 5, id: 'b' })).toBeGreaterThan(0);
    expect(byListingOrder({ createdMs: 5, id: 'b' }, { createdMs: 5, id: 'a' })).toBeLessThan(0);
  });
});

describe('parsePageSize', () => {
  it('names what it takes and, cut to 64 characters and marked cut, what it got', () => {
    expect(parsePageSize('0')).toEqual(new Invalid('Invalid page-size: expected a whole number from 1 to 100; got "0".'));
    expect(parsePageSize('9'.repeat(70))).toEqual(
      new Invalid(`Invalid page-size: expected a whole number from 1 to 100; got "${'9'.repeat(64)}…".`),
    );
  });
});
