// The generated documents: committed and fresh, valid OpenAPI 3.1, and a fixture schema
// that accepts every shipped fixture and refuses a broken one.
import { readdirSync, readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { GENERATED, render } from '../../scripts/generate-docs';
import { parseS3Url, pieceKey } from '../../src/exports/pieces';
import { readFixtureFile } from '../../src/jobs/fixture-file';
import { JOURNALED_OPERATIONS, methodsOf, PATHS, ROUTES } from '../../src/routes/table';
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
  const shipped = readdirSync('fixtures').filter((f) => f.endsWith('.json') && !f.endsWith('schema.json'));

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

/** The fenced blocks of `lang` in a Markdown file. */
const blocks = (file: string, lang: string) =>
  [...readFileSync(file, 'utf8').matchAll(new RegExp(`^\`\`\`${lang}\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1] as string);

describe('fixtures/endpoints.schema.json, an endpoints fixture’s own schema', () => {
  const validate = ajv().compile(read('fixtures/endpoints.schema.json'));
  const examples = [...blocks('README.md', 'json'), ...blocks('docs/fixtures.md', 'json')].filter((b) => b.includes('"Endpoints"'));

  it('accepts the docs’ examples, which the seeder reads as endpoints fixtures', () => {
    expect(examples).toHaveLength(2);
    for (const example of examples) {
      expect(validate(JSON.parse(example)), JSON.stringify(validate.errors)).toBe(true);
      const read = readFixtureFile(example);
      expect(read.problems).toEqual([]);
      expect(read.jobs).toEqual([]);
      expect(read.endpoints?.Endpoints.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['no endpoints', { ApplicationId: 'app', Endpoints: [] }],
    ['an unknown member', { ApplicationId: 'app', Endpoints: [{ Id: 'a' }], Colour: 'red' }],
    ['a bad channel', { ApplicationId: 'app', Endpoints: [{ Id: 'a', ChannelType: 'FAX' }] }],
    ['no application', { Endpoints: [{ Id: 'a' }] }],
  ])('refuses %s', (_, fixture) => {
    expect(validate(fixture)).toBe(false);
  });
});

describe('the docs state what the code does', () => {
  it('the README’s journal names every operation the journal records, from their one list', () => {
    const [, listed = ''] = /`operation` \(([^)]*), or null\)/.exec(readFileSync('README.md', 'utf8').replace(/\s+/g, ' ')) ?? [];
    expect(listed.split(', ')).toEqual([...JOURNALED_OPERATIONS]);
  });

  it.each(['README.md', 'docs/api.md'])('%s gives the export’s keys as the code makes them: a slash added after the prefix', (file) => {
    const text = readFileSync(file, 'utf8').replace(/\s+/g, ' ');
    const examples = [...text.matchAll(/`(s3:\/\/[^`]+)` and `(s3:\/\/[^`]+)` both give `([^`]+)`/g)];
    expect(examples.length).toBeGreaterThan(0);
    for (const [, bare, slashed, key] of examples) {
      const [jobId] = /<job [iI]d>/.exec(key as string) ?? [];
      for (const url of [bare, slashed]) {
        const location = parseS3Url(url as string);
        if (!('bucket' in location)) throw new Error(`${url} is not an S3 URL`);
        expect(pieceKey(location, jobId as string, 0), url).toBe(key);
      }
    }
  });

  it('the README’s install line brings @types/node, which its S3 snippet needs (node:zlib)', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain("import { gunzipSync } from 'node:zlib';");
    expect(readme).toMatch(/^npm i -D \.\/pinpoint-export-job-sandbox-<version>\.tgz @types\/node/m);
  });
});
