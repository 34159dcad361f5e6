import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { type ExportJobResponse, ExportJobResponseSchema, ExportJobsResponseSchema } from './schema';

const JOB: ExportJobResponse = {
  ApplicationId: 'app',
  Id: 'job',
  JobStatus: 'PROCESSING',
  CreationDate: '2026-01-31T12:00:00.000Z',
  Type: 'EXPORT',
  Definition: { RoleArn: 'arn:aws:iam::123456789012:role/E', S3UrlPrefix: 's3://bucket' },
};

/** Each problem valibot finds, as "<path> <message>". */
const problems = (value: unknown) => {
  const result = v.safeParse(ExportJobResponseSchema, value);
  return result.success ? [] : result.issues.map((issue) => `${v.getDotPath(issue) ?? '(job)'} ${issue.message}`);
};

describe('ExportJobResponseSchema', () => {
  it.each([
    [{ TotalPieces: 4, CompletedPieces: 4 }],
    [{ TotalPieces: 4, CompletedPieces: 3, FailedPieces: 1 }],
    [{ TotalPieces: 4, FailedPieces: 4 }],
    [{ TotalPieces: 0 }],
    [{ CompletedPieces: 9, FailedPieces: 9 }],
    [{ TotalProcessed: 2_147_483_647, TotalFailures: 0, Failures: Array.from({ length: 100 }, String) }],
  ])('accepts counters %j', (counters) => {
    expect(problems({ ...JOB, ...counters })).toEqual([]);
  });

  it.each([
    [{ TotalPieces: 4, CompletedPieces: 5 }, 'TotalPieces CompletedPieces + FailedPieces must not exceed TotalPieces'],
    [{ TotalPieces: 4, FailedPieces: 5 }, 'TotalPieces CompletedPieces + FailedPieces must not exceed TotalPieces'],
    [{ TotalPieces: 4, CompletedPieces: 3, FailedPieces: 2 }, 'TotalPieces CompletedPieces + FailedPieces must not exceed TotalPieces'],
    [{ TotalPieces: 1.5 }, 'TotalPieces must be an integer'],
    [{ TotalFailures: -1 }, 'TotalFailures must be 0 or more'],
    [{ TotalProcessed: 2_147_483_648 }, 'TotalProcessed must be at most 2147483647'],
    [{ JobStatus: 'DONE' }, expect.stringMatching(/^JobStatus must be one of CREATED, PREPARING_FOR_INITIALIZATION, .*, FAILED$/)],
    [{ Type: 'IMPORT' }, 'Type must be "EXPORT"'],
    [{ Id: 'a b' }, 'Id must be 1 to 64 characters from A-Z, a-z, 0-9, "-" and "_"'],
    [{ CreationDate: '2026-01-31' }, 'CreationDate must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00.000Z'],
    [{ Failures: Array.from({ length: 101 }, String) }, 'Failures must hold at most 100 entries'],
  ])('refuses %j: %s', (fields, problem) => {
    expect(problems({ ...JOB, ...fields })).toEqual([problem]);
  });

  it('names every problem in one round: the pieces rule beside field errors elsewhere', () => {
    expect(problems({ ...JOB, JobStatus: 'DONE', Colour: 'red', TotalPieces: 4, CompletedPieces: 5 })).toEqual([
      expect.stringMatching(/^JobStatus must be one of/),
      expect.stringMatching(/^Colour /),
      'TotalPieces CompletedPieces + FailedPieces must not exceed TotalPieces',
    ]);
  });

  it.each([
    ['192.168.1.1', 'not be formatted as an IP address (such as 192.168.5.4)'],
    ['a..b', 'not hold two adjacent periods'],
    ['xn--bucket', 'not begin with xn--, sthree- or amzn-s3-demo-'],
    ['sthree-exports', 'not begin with xn--, sthree- or amzn-s3-demo-'],
    ['exports-s3alias', 'not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3'],
    ['exports.mrap', 'not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3'],
  ])('refuses the bucket of s3://%s/x/, naming the rule it breaks', (bucket, rule) => {
    const Definition = { ...JOB.Definition, S3UrlPrefix: `s3://${bucket}/x/` };
    expect(problems({ ...JOB, Definition })).toEqual([
      `Definition.S3UrlPrefix names a bucket S3 refuses: a bucket name must ${rule} (S3's bucket naming rules)`,
    ]);
  });
});

describe('ExportJobsResponseSchema', () => {
  it('is a page of jobs with, but for the last page, a NextToken, and nothing else', () => {
    expect(v.is(ExportJobsResponseSchema, { Item: [JOB], NextToken: 't' })).toBe(true);
    expect(v.is(ExportJobsResponseSchema, { Item: [] })).toBe(true);
    expect(v.is(ExportJobsResponseSchema, { Item: [{ ...JOB, Type: 'IMPORT' }] })).toBe(false);
    expect(v.is(ExportJobsResponseSchema, { Item: [], Extra: 1 })).toBe(false);
    expect(v.is(ExportJobsResponseSchema, {})).toBe(false);
  });
});
