import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../invalid';
import { byListingOrder, type Cursor, decodeToken, encodeToken, isAfter, type Listed, pageOf, parsePageSize } from './paging';

const job = (createdMs: number, id: string): Listed<string> => ({ createdMs, id, item: id });

/** What a source answers for a page: its jobs after the cursor, in listing order, `limit` at most. */
const following = (jobs: Listed<string>[], cursor: Cursor | null, limit = Number.POSITIVE_INFINITY) =>
  jobs
    .filter((j) => isAfter(j, cursor))
    .sort(byListingOrder)
    .slice(0, limit);

describe('keyset paging over two sources', () => {
  const ids = fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{6}$/), { minLength: 0, maxLength: 40 });
  const times = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 40, maxLength: 40 }); // few values: many ties

  it('yields every job exactly once, newest first, whatever is created between pages', () => {
    fc.assert(
      fc.property(ids, times, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 40 }), (idList, ms, size, split) => {
        const all = idList.map((id, i) => job(ms[i] as number, id));
        const seeded = all.slice(0, split);
        const created = all.slice(split);
        const expected = [...all].sort(byListingOrder).map((j) => j.id);
        const seen: string[] = [];
        let cursor: Cursor | null = null;
        let now = 21;
        for (let pages = 0; pages <= all.length + 1; pages++) {
          const { page, last }: { page: Listed<string>[]; last: Cursor | null } = pageOf(
            [following(seeded, cursor), following(created, cursor, size + 1)],
            size,
          );
          seen.push(...page.map((j) => j.item));
          if (!last) break;
          expect(page).toHaveLength(size);
          expect(following([...seeded, ...created], last).length, 'a NextToken only when jobs follow').toBeGreaterThan(0);
          cursor = last;
          created.push(job(now++, `new${pages}`)); // created meanwhile: newer than every page served
        }
        expect(seen).toEqual(expected);
      }),
    );
  });
});

describe('tokens', () => {
  const cursor = fc.record({ createdMs: fc.integer({ min: 0, max: 4_102_444_800_000 }), id: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/) });
  const listing = fc.string({ maxLength: 60 });

  it('decode to the cursor they were issued for, in the listing that issued them', () => {
    fc.assert(
      fc.property(cursor, listing, (c, l) => {
        expect(decodeToken(encodeToken(c, l), l)).toEqual(c);
      }),
    );
  });

  it('are refused in another listing, or once any character is changed', () => {
    fc.assert(
      fc.property(cursor, listing, listing, fc.nat(), (c, l, other, at) => {
        const token = encodeToken(c, l);
        if (other !== l) expect(decodeToken(token, other)).toBeInstanceOf(Invalid);
        const i = at % token.length;
        const changed = `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
        expect(decodeToken(changed, l)).toBeInstanceOf(Invalid);
      }),
    );
  });
});

describe('page-size', () => {
  it('is a whole number from 1 to 100, 20 when absent', () => {
    expect([parsePageSize(null), parsePageSize('1'), parsePageSize('100')]).toEqual([20, 1, 100]);
    for (const bad of ['0', '101', '', 'ten', '1.0', '+5', ' 5', '1e2']) expect(parsePageSize(bad), bad).toBeInstanceOf(Invalid);
  });
});
