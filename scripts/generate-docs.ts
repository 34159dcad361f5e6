// npm run docs: writes the generated documents. `npm test` fails when a committed one is stale.
import { writeFileSync } from 'node:fs';
import { endpointsFixtureSchema, fixtureFileSchema } from './docs/json-schemas';
import { openApiDocument } from './docs/openapi';

export const GENERATED: Record<string, () => unknown> = {
  'fixtures/schema.json': fixtureFileSchema,
  'fixtures/endpoints.schema.json': endpointsFixtureSchema,
  'public/openapi.json': openApiDocument,
};

export const render = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [path, make] of Object.entries(GENERATED)) {
    writeFileSync(path, render(make()));
    console.log(`docs: wrote ${path}`);
  }
}
