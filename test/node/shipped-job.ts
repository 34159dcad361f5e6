// A fixture as shipped in fixtures/, as the plain job it seeds (without the editors' $schema).
import { readFileSync } from 'node:fs';

export function shippedJob(file: string): Record<string, unknown> {
  const { $schema: _editorsOnly, ...job } = JSON.parse(readFileSync(`fixtures/${file}`, 'utf8')) as Record<string, unknown>;
  return job;
}
