// The layers of src/, kept by a check rather than by convention: each rule names a folder and
// the layers above it that it must not import. A relative import is resolved to the folder (or
// root module) it reaches; type-only imports count, as they tie the layers all the same.
import { describe, expect, it } from 'vitest';

const SOURCES = import.meta.glob(['./**/*.ts', '!./**/*.spec.ts', '!./**/*.d.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const ABOVE_HTTP = ['harness', 'jobs', 'exports', 's3', 'gateway', 'tenants', 'routes', 'router', 'runtime'];

const RULES: { layer: string; mayNotImport: string[]; why: string }[] = [
  { layer: 'http', mayNotImport: ABOVE_HTTP, why: 'HTTP shapes (errors, replies, CORS) are below everything that answers requests' },
  {
    layer: 'gateway',
    mayNotImport: ['routes', 'tenants', 'router', 'runtime'],
    why: 'the gateway checks a request before any route or tenant',
  },
  { layer: 'tenants', mayNotImport: ['http', 'gateway', 'routes', 'router', 'runtime'], why: 'storage knows nothing of HTTP' },
];

/** The layer of a module: its folder under src/, or a root module's name. */
const layerOf = (path: string): string => {
  const [first = '', second] = path.replace(/^\.\//, '').split('/');
  return second === undefined ? first.replace(/\.ts$/, '') : first;
};

/** The modules `source` (at `path`) imports, relative to src/. */
function importsOf(path: string, source: string): string[] {
  const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) => m[1] as string);
  return specifiers.map((specifier) => {
    const parts = path.split('/').slice(0, -1);
    for (const part of specifier.split('/')) {
      if (part === '..') parts.pop();
      else if (part !== '.') parts.push(part);
    }
    return parts.join('/');
  });
}

describe('the layers of src/', () => {
  it('finds the modules it checks', () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(50);
    expect(importsOf('./http/cors.ts', "import type { Reply } from './reply';\nimport { x } from '../harness/parse';")).toEqual([
      './http/reply',
      './harness/parse',
    ]);
  });

  it.each(RULES)('$layer/ imports no layer above it ($why)', ({ layer, mayNotImport }) => {
    const reaching = Object.entries(SOURCES)
      .filter(([path]) => layerOf(path) === layer)
      .flatMap(([path, source]) => importsOf(path, source).map((target) => [path, target] as const))
      .filter(([, target]) => mayNotImport.includes(layerOf(target)))
      .map(([path, target]) => `${path} → ${target}`);
    expect(reaching).toEqual([]);
  });

  it('holds no circle of imports between modules', () => {
    const modules = new Set(Object.keys(SOURCES).map((path) => path.replace(/\.ts$/, '')));
    const resolved = (target: string) => (modules.has(target) ? target : `${target}/index`); // a folder's index
    const graph = new Map(
      Object.entries(SOURCES).map(([path, source]) => [path.replace(/\.ts$/, ''), importsOf(path, source).map(resolved)]),
    );
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (module: string, trail: string[]) => {
      if (state.get(module) === 'done') return;
      if (state.get(module) === 'open') {
        circles.push([...trail.slice(trail.indexOf(module)), module].join(' → '));
        return;
      }
      state.set(module, 'open');
      for (const next of graph.get(module) ?? []) if (graph.has(next)) visit(next, [...trail, module]);
      state.set(module, 'done');
    };
    for (const module of graph.keys()) visit(module, []);
    expect(circles).toEqual([]);
  });
});
