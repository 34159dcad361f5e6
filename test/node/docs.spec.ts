// The generated documents: committed and fresh, valid OpenAPI 3.1, and a fixture schema
// that accepts every shipped fixture and refuses a broken one.
import { readdirSync, readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { GENERATED, render } from '../../scripts/generate-docs';
import { methodsOf, PATHS, ROUTES } from '../../src/routes/table';
import { ajv } from './json-schema';

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('generated documents', () => {
  it.each(Object.keys(GENERATED))('%s is committed and up to date (run `npm run docs` if not)', (path) => {
    expect(readFileSync(path, 'utf8')).toBe(render(GENERATED[path]?.()));
  });

  it('public/openapi.json is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(read('public/openapi.json'));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });
});

describe('fixtures/schema.json', () => {
  const validate = ajv().compile(read('fixtures/schema.json'));
  const shipped = readdirSync('fixtures').filter((f) => f.endsWith('.json') && f !== 'schema.json');

  it.each(shipped)('accepts %s, which points to it with $schema', (file) => {
    const fixture = read(`fixtures/${file}`);
    expect(fixture.$schema).toBe('./schema.json');
    expect(validate(fixture), JSON.stringify(validate.errors)).toBe(true);
    expect(validate([fixture])).toBe(true);
  });

  it.each([
    ['an unknown JobStatus', { JobStatus: 'DONE' }],
    ['a string count', { TotalPieces: '8' }],
    ['an unknown field', { Colour: 'red' }],
    ['a bad date', { CreationDate: 'yesterday' }],
  ])('refuses %s', (_, change) => {
    expect(validate({ ...read(`fixtures/${shipped[0]}`), ...change })).toBe(false);
  });
});

describe('public/openapi.json derives from the route table', () => {
  const doc = read('public/openapi.json') as { paths: Record<string, Record<string, { operationId?: string }>> };

  it('documents every path and operation of the table, HEAD wherever GET, OPTIONS everywhere, and nothing else', () => {
    expect(Object.keys(doc.paths).sort()).toEqual([...PATHS].sort());
    for (const path of PATHS) {
      const documented = Object.keys(doc.paths[path] ?? {}).filter((key) => key !== 'parameters');
      expect(documented.map((m) => m.toUpperCase()).sort(), path).toEqual([...methodsOf(path)].sort());
    }
    for (const route of ROUTES) expect(doc.paths[route.path]?.[route.method.toLowerCase()]?.operationId).toBe(route.operation);
  });
});

describe('the README’s test-runner setups', () => {
  // The README shows them as files of examples/client-app, whose tests the package suite runs.
  it.each(['test/global-setup.ts', 'test/jest/sandbox-up.mjs', 'test/jest/sandbox-down.mjs'])(
    'show examples/client-app/%s as it is',
    (path) => {
      expect(readFileSync('README.md', 'utf8')).toContain(`// ${path}\n${readFileSync(`examples/client-app/${path}`, 'utf8')}`);
    },
  );
});
