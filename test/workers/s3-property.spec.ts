// The S3 mount against GetExportJob, as a property through the Worker (real Durable Objects):
// for any life a created job is given (pieces, endpoints, outcome, by x-mock-progression at
// create) and any instant (x-mock-now), the objects the bucket lists and the lines they hold
// together agree with the counters GetExportJob answers at that instant: none before the job
// has ended, then one object per completed piece holding TotalProcessed − TotalFailures lines.
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../src/harness/progression-header';
import { ExportJobResponseSchema } from '../../src/jobs/schema';
import { parseXml } from '../../src/s3/xml';
import { urlOf } from './fixtures';
import { handleWith } from './handle';
import { asTenant, createRequest } from './tenants';

const handle = handleWith({ JOURNAL: 'off' });
const BUCKET = 'property-exports';
const LIFE_S = 3600; // long: the instants are chosen by x-mock-now, never by the clock
const ENDED = ['COMPLETED', 'FAILED', 'CANCELLED'];
let run = 0;
const seen = new Set<string>(); // which kinds of instant the runs met: the property must meet them all

interface Case {
  pieces: number;
  endpoints: number;
  outcome: (typeof OUTCOMES)[number];
  at: number; // the instant, in thousandths of the life from its start
}

const life = fc.record<Case>({
  pieces: fc.integer({ min: 1, max: 6 }),
  endpoints: fc.integer({ min: 1, max: 120 }),
  outcome: fc.constantFrom(...OUTCOMES),
  at: fc.integer({ min: -100, max: 1300 }),
});

/** Runs every seed makes first, so that each kind of instant and outcome is met whatever the seed draws. */
const EXAMPLES: [Case][] = [
  [{ pieces: 3, endpoints: 30, outcome: 'COMPLETED', at: -50 }],
  [{ pieces: 4, endpoints: 50, outcome: 'COMPLETED', at: 500 }],
  [{ pieces: 5, endpoints: 101, outcome: 'COMPLETED', at: 1100 }],
  [{ pieces: 6, endpoints: 77, outcome: 'FAILED', at: 1200 }],
  [{ pieces: 4, endpoints: 9, outcome: 'CANCELLED', at: 1001 }],
];

async function linesOf(key: string, headers: Record<string, string>): Promise<number> {
  const response = await handle(new Request(`https://sandbox.test/_s3/${BUCKET}/${key}`, { headers }));
  expect(response.status).toBe(200);
  const text = await new Response(response.body?.pipeThrough(new DecompressionStream('gzip'))).text();
  return text.split('\n').length - 1;
}

describe('the objects of a created job’s export', () => {
  it('agree with GetExportJob’s counters at any instant of any life', async () => {
    await fc.assert(
      fc.asyncProperty(life, async ({ pieces, endpoints, outcome, at }) => {
        const tenant = asTenant(`AKIDS3PROP${run++}`); // a tenant per run: its bucket holds this job only
        const progression = `duration=${LIFE_S}; outcome=${outcome}; pieces=${pieces}; endpoints=${endpoints}`;
        const definition = { RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: `s3://${BUCKET}/runs` };
        const created = v.parse(
          ExportJobResponseSchema,
          await (await handle(createRequest({ ...tenant, 'x-mock-progression': progression }, definition))).json(),
        );
        const now = Date.parse(created.CreationDate) + at * LIFE_S;
        const headers = { ...tenant, 'x-mock-now': String(now) };
        const got = await handle(new Request(urlOf(created), { headers }));
        const listed = await handle(new Request(`https://sandbox.test/_s3/${BUCKET}?list-type=2`, { headers }));
        if (got.status === 404) {
          expect(listed.status).toBe(404); // not created yet at that instant: no job names the bucket
          seen.add('before');
          return;
        }
        const job = v.parse(ExportJobResponseSchema, await got.json());
        expect(listed.status).toBe(200);
        const result = (parseXml(await listed.text()) as { ListBucketResult: { Contents?: { Key: string } | { Key: string }[] } })
          .ListBucketResult;
        const keys = [result.Contents ?? []].flat().map((c) => c.Key);
        const ended = ENDED.includes(job.JobStatus);
        seen.add(ended ? job.JobStatus : 'running');
        expect(keys).toHaveLength(ended ? (job.CompletedPieces ?? 0) : 0);
        let lines = 0;
        for (const key of keys) lines += await linesOf(key, headers);
        const expected = ended && (job.CompletedPieces ?? 0) > 0 ? (job.TotalProcessed ?? 0) - (job.TotalFailures ?? 0) : 0;
        expect(lines).toBe(expected);
        if (job.JobStatus === 'COMPLETED') expect(lines).toBe(job.TotalProcessed);
      }),
      { numRuns: 40, examples: EXAMPLES },
    );
    expect([...seen].sort()).toEqual(['CANCELLED', 'COMPLETED', 'FAILED', 'before', 'running']);
  }, 60_000);
});
