// The wire shape of `GET /`'s JSON, as a valibot schema, for the tests and the generated docs.
// The Worker builds the index from its type alone, so the schema stays out of its bundle.
import * as v from 'valibot';

/** The index's wire shape: the JSON of `GET /`, read by the landing page and described in the OpenAPI document. */
export const SandboxIndexSchema = v.strictObject({
  name: v.string(),
  description: v.string(),
  baseUrl: v.string(),
  openapi: v.string(),
  operations: v.array(
    v.strictObject({ operation: v.string(), kind: v.picklist(['pinpoint', 'admin']), methods: v.array(v.string()), path: v.string() }),
  ),
  jobs: v.array(v.strictObject({ ApplicationId: v.string(), Id: v.string(), JobStatus: v.optional(v.string()), url: v.string() })),
  jobsTruncated: v.boolean(),
  harnessHeaders: v.array(v.strictObject({ name: v.string(), grammar: v.string(), example: v.string(), effect: v.string() })),
});
export type SandboxIndex = v.InferOutput<typeof SandboxIndexSchema>;
export type IndexedOperation = SandboxIndex['operations'][number];
