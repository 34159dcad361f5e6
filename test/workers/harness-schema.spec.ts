// Schema-driven, as a fuzzer such as Schemathesis would use the OpenAPI document: every value
// a harness header's published schema allows is accepted, and any value that is refused is
// refused with a message naming the header.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import doc from '../../public/openapi.json';
import { parseHarness } from '../../src/harness/parse';
import { Invalid } from '../../src/invalid';
import { DEFAULT_DELAY_CAP_MS } from '../../src/limits';
import { JOB_PATH } from '../../src/routes/table';

interface HeaderParameter {
  name: string;
  in: string;
  schema: { maxLength: number; pattern?: string; enum?: string[] };
}
const parameters = (doc.paths[JOB_PATH as keyof typeof doc.paths] as { get: { parameters: HeaderParameter[] } }).get.parameters.filter(
  (p) => p.in === 'header' && p.name !== 'accept',
);
const COMPANIONS: Record<string, Record<string, string>> = {
  'x-mock-error-message': { 'x-mock-error': '500' },
  'x-mock-error-attempts': { 'x-mock-error': '500' },
  'x-mock-error-rate': { 'x-mock-error': '500' },
};
const parse = (name: string, value: string) => parseHarness(new Headers({ ...COMPANIONS[name], [name]: value }), DEFAULT_DELAY_CAP_MS);

describe.each(parameters.map((p) => [p.name, p] as const))('%s', (name, { schema }) => {
  const allowed = schema.enum
    ? fc.constantFrom(...schema.enum)
    : fc.stringMatching(new RegExp(schema.pattern as string)).filter((s) => s.length <= schema.maxLength);

  it('accepts every value its schema allows', () => {
    expect(schema.enum ?? schema.pattern, 'a pattern or an enum').toBeDefined();
    fc.assert(
      fc.property(allowed, (value) => {
        const parsed = parse(name, value);
        expect(parsed instanceof Invalid ? parsed.message : 'accepted').toBe('accepted');
      }),
      { numRuns: 300 },
    );
  });

  it('names itself when it refuses a value', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }), (value) => {
        const parsed = parse(name, value);
        if (parsed instanceof Invalid) expect(parsed.message).toContain(`Invalid ${name} header`);
      }),
      { numRuns: 300 },
    );
  });
});
