// What the 404 of a path that no operation has says: that no operation has it, and which
// declared path it was nearest to (by its segments: the same literal scores most, a label
// takes any segment, a near-miss such as "app" for "apps" counts a little), then every path.
// A trailing slash is its own case: the path without it is a real one. Pure; the route table
// passes in its paths, so what is named is what is served.
import { SHOWN_PATH_LENGTH } from '../limits';
import { compilePath } from './paths';

/** A declared path, as the message names it. */
export interface KnownPath {
  path: string; // template
  methods: readonly string[];
}

const MAX_SEGMENTS = 16; // a longer path is compared by its first ones: the templates have at most 7

const segmentsOf = (path: string) => path.split('/').filter(Boolean).slice(0, MAX_SEGMENTS);

/** At most one edit apart (a letter added, dropped or changed, or a case change): "app" for "apps". */
function nearMiss(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  if (x === y) return true;
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  const tail = (dx: number, dy: number) => x.slice(i + dx) === y.slice(i + dy);
  return tail(1, 1) || tail(1, 0) || tail(0, 1);
}

/** How well a given segment fits a template's; a label fits any, but only as a tie-breaker (`labels`). */
function segmentFit(given: string, declared: string, labels: boolean): number {
  if (declared.startsWith('{')) return labels ? 1 : 0;
  if (given === declared) return 3;
  return nearMiss(given, declared) ? 2 : 0;
}

/** The best alignment of the two segment lists, in order (a longest-common-subsequence table, scored by fit). */
function likeness(given: readonly string[], declared: readonly string[], labels = true): number {
  let previous: number[] = new Array(declared.length + 1).fill(0);
  for (const segment of given) {
    const row = [0];
    for (let j = 1; j <= declared.length; j++) {
      row[j] = Math.max(
        previous[j] as number,
        row[j - 1] as number,
        (previous[j - 1] as number) + segmentFit(segment, declared[j - 1] as string, labels),
      );
    }
    previous = row;
  }
  return previous[declared.length] as number;
}

/** The declared paths nearest to `path` (ties all named); none when no literal segment is alike. */
export function nearestPaths(path: string, known: readonly KnownPath[]): KnownPath[] {
  const given = segmentsOf(path);
  const ranked = known.map((k) => {
    const declared = segmentsOf(k.path);
    return { k, score: likeness(given, declared), gap: Math.abs(declared.length - given.length) };
  });
  const best = ranked.reduce((a, b) => (b.score > a.score || (b.score === a.score && b.gap < a.gap) ? b : a));
  if (likeness(given, segmentsOf(best.k.path), false) === 0) return []; // labels alone make nothing near
  return ranked.filter((r) => r.score === best.score && r.gap === best.gap).map((r) => r.k);
}

const named = ({ path, methods }: KnownPath) => `${methods.join(', ')} ${path}`;

/** The Message of the 404 for a path no route matches. */
export function unknownPathMessage(path: string, known: readonly KnownPath[]): string {
  const shown = path.length > SHOWN_PATH_LENGTH ? `${path.slice(0, SHOWN_PATH_LENGTH)}…` : path;
  const trimmed = path.replace(/\/+$/, '');
  const slashed = trimmed !== path && trimmed !== '' ? known.find((k) => compilePath(k.path).test(trimmed)) : undefined;
  if (slashed) return `No operation has the path ${shown}: drop the trailing slash (${named(slashed)}).`;
  const nearest = nearestPaths(path, known);
  const hint = nearest.length ? ` The nearest: ${nearest.map(named).join('; ')}.` : '';
  return `No operation has the path ${shown}.${hint} Every path: ${known.map((k) => k.path).join(', ')}.`;
}
