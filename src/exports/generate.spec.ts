import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { EndpointResponse } from './endpoint-schema';
import { ADDRESS_RULES, CHANNEL_TYPES, EndpointResponseSchema } from './endpoint-schema';
import { type ExportJob, endpointLine, pieceLines } from './generate';

/** Endpoint `n` of the export of `job`, as its line holds it. */
const generatedEndpoint = (job: ExportJob, n: number): EndpointResponse => JSON.parse(endpointLine(job, n)) as EndpointResponse;

const job: ExportJob = { ApplicationId: 'app1', Id: 'job1', CreationDate: '2026-03-01T12:00:00.000Z' };
const jobs = fc.record(
  {
    ApplicationId: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    Id: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    SegmentId: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    CreationDate: fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 0)), noInvalidDate: true }).map((d) => d.toISOString()),
  },
  { requiredKeys: ['ApplicationId', 'Id', 'CreationDate'] },
);

describe('generated endpoints', () => {
  it('are valid EndpointResponses of the job, with plausible values and dates before the job was created', () => {
    fc.assert(
      fc.property(jobs, fc.integer({ min: 0, max: 1_000_000 }), (j, n) => {
        const endpoint = v.parse(EndpointResponseSchema, JSON.parse(JSON.stringify(generatedEndpoint(j, n))));
        expect(endpoint.ApplicationId).toBe(j.ApplicationId);
        const channel = endpoint.ChannelType as (typeof CHANNEL_TYPES)[number];
        expect(endpoint.Address).toMatch(ADDRESS_RULES[channel].pattern);
        expect(Number(endpoint.CohortId)).toBeGreaterThanOrEqual(0);
        expect(Number(endpoint.CohortId)).toBeLessThanOrEqual(99);
        const created = Date.parse(j.CreationDate);
        expect(Date.parse(endpoint.CreationDate as string)).toBeLessThan(created);
        expect(Date.parse(endpoint.EffectiveDate as string)).toBeGreaterThanOrEqual(Date.parse(endpoint.CreationDate as string));
        expect(Date.parse(endpoint.EffectiveDate as string)).toBeLessThan(created);
        const { Latitude = Number.NaN, Longitude = Number.NaN } = endpoint.Location ?? {};
        expect([Math.round(Latitude * 10) / 10, Math.round(Longitude * 10) / 10]).toEqual([Latitude, Longitude]);
        for (const member of [
          'Demographic',
          'Location',
          'User',
          'Attributes',
          'Metrics',
          'RequestId',
          'EndpointStatus',
          'OptOut',
        ] as const) {
          expect(endpoint[member], member).toBeDefined();
        }
      }),
    );
  });

  it('are the same for the same job and line, and differ with the job', () => {
    fc.assert(
      fc.property(jobs, fc.nat(), (j, n) => {
        expect(JSON.stringify(generatedEndpoint(j, n))).toBe(JSON.stringify(generatedEndpoint({ ...j }, n)));
        expect(generatedEndpoint(j, n).Id).not.toBe(generatedEndpoint({ ...j, Id: `${j.Id}x` }, n).Id);
      }),
    );
  });

  it('have ids unique across the export, and mix every channel', () => {
    const endpoints = Array.from({ length: 20_000 }, (_, n) => generatedEndpoint(job, n));
    expect(new Set(endpoints.map((e) => e.Id)).size).toBe(endpoints.length);
    expect(new Set(endpoints.map((e) => e.ChannelType))).toEqual(new Set(CHANNEL_TYPES));
    expect(new Set(endpoints.map((e) => e.CohortId)).size).toBe(100);
    expect(new Set(endpoints.map((e) => e.Location?.Country)).size).toBeGreaterThan(5);
  });
});

describe('a piece’s lines', () => {
  it('are its range of the export, one JSON object and "\\n" a line, streamed one at a time', () => {
    const lines = pieceLines(job, { firstLine: 10, lines: 5 });
    const first = lines.next();
    expect(first.value).toBe(`${JSON.stringify(generatedEndpoint(job, 10))}\n`);
    expect([...lines]).toEqual([11, 12, 13, 14].map((n) => `${JSON.stringify(generatedEndpoint(job, n))}\n`));
  });

  it('are the explicit endpoints when the application has them, with the job’s ApplicationId', () => {
    const explicit = [{ Id: 'a' }, { Id: 'b' }, { Id: 'c' }];
    expect([...pieceLines(job, { firstLine: 1, lines: 2 }, explicit)]).toEqual([
      '{"Id":"b","ApplicationId":"app1"}\n',
      '{"Id":"c","ApplicationId":"app1"}\n',
    ]);
    expect([...pieceLines(job, { firstLine: 2, lines: 5 }, explicit)]).toHaveLength(1);
  });
});
