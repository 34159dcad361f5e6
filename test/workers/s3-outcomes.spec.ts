// What a job's export holds by its outcome, as docs/api.md ("What an export holds") and the
// README state it: nothing until the job has ended; then one object per completed piece (a
// FAILED job's failed pieces, those its Failures name, have none; a CANCELLED job's are its
// first pieces), holding TotalProcessed − TotalFailures lines in all, split evenly. Each
// outcome through the Worker, against the job as GetExportJob answers it.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { type ExportJobResponse, ExportJobResponseSchema } from '../../src/jobs/schema';
import { parseXml } from '../../src/s3/xml';
import { handleWith } from './handle';
import { APP, asTenant, createRequest, jobsUrl } from './tenants';

const handle = handleWith();
const LIFE_S = 1;

async function created(tenant: Record<string, string>, outcome: string, bucket: string): Promise<{ Id: string; endMs: number }> {
  const response = await handle(
    createRequest(
      { ...tenant, 'x-mock-progression': `duration=${LIFE_S}; outcome=${outcome}; pieces=5; endpoints=50` },
      { RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: `s3://${bucket}/out` },
    ),
  );
  expect(response.status).toBe(202);
  const job = (await response.json()) as { Id: string; CreationDate: string };
  return { Id: job.Id, endMs: Date.parse(job.CreationDate) + LIFE_S * 1000 };
}

const at = (tenant: Record<string, string>, ms: number) => ({ ...tenant, 'x-mock-now': String(ms) });

async function jobAt(tenant: Record<string, string>, id: string, ms: number): Promise<ExportJobResponse> {
  const response = await handle(new Request(`${jobsUrl(APP)}/${id}`, { headers: at(tenant, ms) }));
  return v.parse(ExportJobResponseSchema, await response.json());
}

/** The keys of the bucket, and each object's line count, at `ms`. */
async function exportAt(tenant: Record<string, string>, bucket: string, ms: number): Promise<Record<string, number>> {
  const listing = await handle(new Request(`https://sandbox.test/_s3/${bucket}?list-type=2`, { headers: at(tenant, ms) }));
  const result = (parseXml(await listing.text()) as { ListBucketResult: { Contents?: { Key: string } | { Key: string }[] } })
    .ListBucketResult;
  const contents = result.Contents === undefined ? [] : Array.isArray(result.Contents) ? result.Contents : [result.Contents];
  const lines: Record<string, number> = {};
  for (const { Key } of contents) {
    const object = await handle(new Request(`https://sandbox.test/_s3/${bucket}/${Key}`, { headers: at(tenant, ms) }));
    const text = await new Response(object.body?.pipeThrough(new DecompressionStream('gzip'))).text();
    lines[Key.split('/').at(-1) as string] = text === '' ? 0 : text.split('\n').length - 1;
  }
  return lines;
}

describe('what an export holds, by outcome (5 pieces, 50 endpoints)', () => {
  it.each([
    // outcome, its objects' line counts, and the counters GetExportJob gives it
    [
      'COMPLETED',
      { 'part-00000.gz': 10, 'part-00001.gz': 10, 'part-00002.gz': 10, 'part-00003.gz': 10, 'part-00004.gz': 10 },
      [5, 0, 50, 0],
    ],
    // a fifth of the pieces failed: part-00000, which Failures names; 50 − 10 lines in the four others
    ['FAILED', { 'part-00001.gz': 10, 'part-00002.gz': 10, 'part-00003.gz': 10, 'part-00004.gz': 10 }, [4, 1, 50, 10]],
    // half its pieces and half its endpoints, rounded down: the first two pieces, 25 lines
    ['CANCELLED', { 'part-00000.gz': 12, 'part-00001.gz': 13 }, [2, 0, 25, 0]],
  ] as const)(
    '%s: nothing before CompletionDate; then its completed pieces, TotalProcessed − TotalFailures lines',
    async (outcome, objects, counters) => {
      const tenant = asTenant(`AKIDOUTCOME${outcome}`);
      const bucket = `outcome-${outcome.toLowerCase()}`;
      const job = await created(tenant, outcome, bucket);
      const ended = await jobAt(tenant, job.Id, job.endMs);
      expect([ended.JobStatus, ended.CompletedPieces, ended.FailedPieces, ended.TotalProcessed, ended.TotalFailures]).toEqual([
        outcome,
        ...counters,
      ]);
      expect(ended.CompletionDate).toBe(new Date(job.endMs).toISOString());
      expect(await exportAt(tenant, bucket, job.endMs - 1)).toEqual({}); // still running: no object yet
      const exported = await exportAt(tenant, bucket, job.endMs);
      expect(exported).toEqual(objects);
      expect(Object.values(exported).reduce((sum, n) => sum + n, 0)).toBe((ended.TotalProcessed ?? 0) - (ended.TotalFailures ?? 0));
      for (const failure of ended.Failures ?? []) expect(Object.keys(exported).some((name) => failure.includes(name))).toBe(false);
    },
  );
});
