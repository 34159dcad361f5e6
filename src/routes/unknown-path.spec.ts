import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillPath, labelsOf } from './paths';
import { methodsOf, PATHS } from './table';
import { nearestPaths, unknownPathMessage } from './unknown-path';

const KNOWN = PATHS.map((path) => ({ path, methods: methodsOf(path) }));
const id = fc.stringMatching(/^[0-9a-f]{32}$/);
/** A declared path with its labels filled in, and its template. */
const real = fc
  .constantFrom(...PATHS)
  .chain((template) =>
    fc
      .tuple(...labelsOf(template).map(() => id))
      .map((ids) => ({ template, path: fillPath(template, Object.fromEntries(labelsOf(template).map((l, i) => [l, ids[i] as string]))) })),
  );

describe('the 404 of a path no operation has', () => {
  it('names, for a real path with a trailing slash, that path without it', () => {
    fc.assert(
      fc.property(real, fc.integer({ min: 1, max: 3 }), ({ template, path }, slashes) => {
        fc.pre(template !== '/');
        const message = unknownPathMessage(path + '/'.repeat(slashes), KNOWN);
        expect(message).toMatch(new RegExp(`: drop the trailing slash \\([A-Z, ]+ ${template.replace(/[{}.]/g, '\\$&')}\\)\\.$`));
      }),
    );
  });

  it('names, for a real path with one literal segment misspelt by a letter, that path among the nearest', () => {
    fc.assert(
      fc.property(real, fc.nat(), ({ template, path }, pick) => {
        const literals = path.split('/').flatMap((segment, i) => (segment && !template.split('/')[i]?.startsWith('{') ? [i] : []));
        fc.pre(literals.length > 0);
        const parts = path.split('/');
        const at = literals[pick % literals.length] as number;
        parts[at] = (parts[at] as string).slice(0, -1); // "apps" -> "app"
        fc.pre(parts[at] !== '');
        expect(nearestPaths(parts.join('/'), KNOWN).map((k) => k.path)).toContain(template);
      }),
    );
  });

  it('names no nearest path when nothing is alike, and every path', () => {
    const message = unknownPathMessage('/zzz', KNOWN);
    expect(message).toBe(`No operation has the path /zzz. Every path: ${PATHS.join(', ')}.`);
  });
});
