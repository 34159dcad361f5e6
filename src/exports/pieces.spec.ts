import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture, jobAt, piecesAt, progressions } from '../../test/support/arbitraries';
import { FIXTURE_JOBS } from '../../test/support/fixtures';
import { Invalid } from '../invalid';
import { MAX_EXPORT_ENDPOINTS, MAX_PIECE_ENDPOINTS } from '../limits';
import { type ExportLocation, exportedLines, exportSizeProblem, parsePieceKey, parseS3Url, pieceKey, piecesOf } from './pieces';

const location: ExportLocation = { bucket: 'bucket', prefix: 'prefix/' };

/** A progression and an instant anywhere around its life. */
const lives = progressions.chain((p) => fc.integer({ min: p.start - 1000, max: p.start + p.durationMs + 1000 }).map((now) => ({ p, now })));

describe('what an export holds at an instant', () => {
  it('agrees with GetExportJob at that instant: nothing until terminal, then one object per completed piece holding the exported endpoints', () => {
    fc.assert(
      fc.property(lives, ({ p, now }) => {
        const pieces = piecesAt(fixture, p, now, location);
        const job = jobAt(fixture, p, now)?.job;
        const ended = job !== undefined && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(job.JobStatus);
        expect(pieces.length).toBe(ended ? job.CompletedPieces : 0);
        const lines = pieces.reduce((sum, piece) => sum + piece.lines, 0);
        if (!ended || pieces.length === 0) expect(lines).toBe(0);
        else expect(lines).toBe((job.TotalProcessed ?? 0) - (job.TotalFailures ?? 0));
        if (job?.JobStatus === 'COMPLETED') expect(lines).toBe(job.TotalProcessed);
      }),
    );
  });

  it('cuts the lines into consecutive, nearly equal portions, keys in order and within TotalPieces', () => {
    fc.assert(
      fc.property(progressions, (p) => {
        const pieces = piecesAt(fixture, p, p.start + p.durationMs, location);
        const sizes = pieces.map((piece) => piece.lines);
        if (sizes.length) expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        // One expect per run: thousands of pieces, each checked against its neighbour.
        const wrong = pieces.findIndex(
          (piece, k) =>
            piece.firstLine !== (k === 0 ? 0 : (pieces[k - 1]?.firstLine ?? 0) + (pieces[k - 1]?.lines ?? 0)) ||
            piece.index >= p.pieces ||
            piece.key !== pieceKey(location, fixture.Id, piece.index) ||
            (k > 0 && (pieces[k - 1]?.key ?? '') >= piece.key),
        );
        expect(wrong).toBe(-1);
      }),
    );
  });

  it('leaves out the pieces the Failures messages name, and only those', () => {
    const p = { start: 0, durationMs: 1000, outcome: 'FAILED' as const, pieces: 10, endpoints: 10 };
    const job = jobAt(fixture, p, 1000)?.job;
    const keys = piecesAt(fixture, p, 1000, location).map((piece) => piece.key);
    expect(job?.FailedPieces).toBe(2);
    expect(keys).toEqual([1, 2, 3, 4, 6, 7, 8, 9].map((i) => `prefix/${fixture.Id}/part-0000${i}.gz`));
    for (const message of job?.Failures ?? []) {
      const [, url] = / to (s3:\/\/\S+): Access Denied/.exec(message) ?? [];
      expect(keys.map((key) => `s3://bucket/${key}`)).not.toContain(url);
      expect(url).toMatch(new RegExp(`^s3://bucket/prefix/${fixture.Id}/part-\\d{5}\\.gz$`)); // the same naming
    }
  });

  it('serves a static job by its counters alone', () => {
    const job = {
      JobStatus: 'COMPLETED',
      TotalPieces: 3,
      CompletedPieces: 3,
      FailedPieces: 0,
      TotalProcessed: 10,
      TotalFailures: 0,
    } as const;
    expect(piecesOf(job, location, 'j').map(({ key, firstLine, lines }) => [key, firstLine, lines])).toEqual([
      ['prefix/j/part-00000.gz', 0, 3],
      ['prefix/j/part-00001.gz', 3, 3],
      ['prefix/j/part-00002.gz', 6, 4],
    ]);
    expect(piecesOf({ ...job, JobStatus: 'COMPLETING' }, location, 'j')).toEqual([]);
  });
});

describe('the shipped fixtures', () => {
  it('each hold, once ended, one object per completed piece and their exported endpoints; none before', () => {
    const held = FIXTURE_JOBS.map((job) => {
      const location = parseS3Url(job.Definition.S3UrlPrefix);
      if (location instanceof Invalid) throw new Error(location.message);
      const pieces = piecesOf(job, location, job.Id);
      return [job.JobStatus, pieces.length, pieces.reduce((sum, piece) => sum + piece.lines, 0)];
    });
    const ended = FIXTURE_JOBS.map((job) =>
      ['COMPLETED', 'FAILED', 'CANCELLED'].includes(job.JobStatus)
        ? [job.JobStatus, job.CompletedPieces, (job.TotalProcessed ?? 0) - (job.TotalFailures ?? 0)]
        : [job.JobStatus, 0, 0],
    );
    expect(held).toEqual(ended);
    expect(held).toContainEqual(['COMPLETED', 24, 48_213]); // newsletter-app-full-export.json
  });
});

describe('S3UrlPrefix', () => {
  it.each([
    ['s3://bucket', { bucket: 'bucket', prefix: '' }, 'j/part-00000.gz'],
    ['s3://bucket/', { bucket: 'bucket', prefix: '' }, 'j/part-00000.gz'],
    ['s3://bucket/a/b', { bucket: 'bucket', prefix: 'a/b/' }, 'a/b/j/part-00000.gz'],
    ['s3://bucket/a/b/', { bucket: 'bucket', prefix: 'a/b/' }, 'a/b/j/part-00000.gz'],
    ['s3://bucket//', { bucket: 'bucket', prefix: '/' }, '/j/part-00000.gz'],
    [
      's3://my.bucket-1/pinpoint/exports/endpoints/',
      { bucket: 'my.bucket-1', prefix: 'pinpoint/exports/endpoints/' },
      'pinpoint/exports/endpoints/j/part-00000.gz',
    ],
  ])('%s is bucket and prefix %j', (url, expected, key) => {
    expect(parseS3Url(url)).toEqual(expected);
    expect(pieceKey(expected, 'j', 0)).toBe(key);
  });

  it('names piece 0 exactly as the first Failures message of a failed job does, for any S3UrlPrefix', () => {
    const urls = fc
      .tuple(
        fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
        fc.string({ unit: fc.constantFrom('a', '/', '.', '-', 'é'), maxLength: 12 }),
      )
      .map(([bucket, rest]) => (rest ? `s3://${bucket}/${rest}` : `s3://${bucket}`));
    fc.assert(
      fc.property(urls, (S3UrlPrefix) => {
        const job = { ...fixture, Definition: { ...fixture.Definition, S3UrlPrefix } };
        const p = { start: 0, durationMs: 0, outcome: 'FAILED' as const, pieces: 5, endpoints: 500 };
        const [, named] =
          /^Failed to write endpoint 1 of part-00000 to (.*): Access Denied/.exec(jobAt(job, p, 0)?.job.Failures?.[0] ?? '') ?? [];
        const location = parseS3Url(S3UrlPrefix);
        if (location instanceof Invalid) throw new Error(location.message);
        expect(`s3://${location.bucket}/${pieceKey(location, job.Id, 0)}`).toBe(named);
      }),
    );
  });

  it.each(['https://bucket/x', 'xs3://bucket/x', ' s3://bucket', 's3://', 's3:///x', 'bucket/x'])(
    'refuses %j, which is not an S3 URL, quoting it',
    (url) => {
      const answer = parseS3Url(url);
      expect(answer).toBeInstanceOf(Invalid);
      expect((answer as Invalid).message).toBe(`Invalid S3UrlPrefix: expected s3://<bucket>[/<prefix>]; got "${url}".`);
    },
  );

  it('quotes at most the first 64 characters of what it refuses', () => {
    const url = `http://${'b'.repeat(100)}`;
    expect((parseS3Url(url) as Invalid).message).toBe(`Invalid S3UrlPrefix: expected s3://<bucket>[/<prefix>]; got "${url.slice(0, 64)}".`);
  });
});

describe('the bound', () => {
  it(`refuses an export of more than ${MAX_EXPORT_ENDPOINTS} endpoints, or more than ${MAX_PIECE_ENDPOINTS} in a piece, and only those`, () => {
    expect(exportSizeProblem(MAX_EXPORT_ENDPOINTS, 10)).toBeNull();
    expect(exportSizeProblem(MAX_EXPORT_ENDPOINTS + 1, 1000)?.message).toContain(`at most ${MAX_EXPORT_ENDPOINTS} per job`);
    expect(exportSizeProblem(MAX_PIECE_ENDPOINTS, 1)).toBeNull();
    expect(exportSizeProblem(MAX_PIECE_ENDPOINTS + 1, 1)?.message).toContain(`at most ${MAX_PIECE_ENDPOINTS} per piece`);
    expect(exportSizeProblem(MAX_PIECE_ENDPOINTS * 3 + 1, 3)?.message).toContain(`${MAX_PIECE_ENDPOINTS + 1} endpoints in one piece`);
  });
});

describe("an object's key", () => {
  it('names its folder, job and piece, for any prefix the S3UrlPrefix gives and any job Id', () => {
    const prefix = fc
      .string({ unit: fc.constantFrom('a', '/', '.', 'é', ' ', 'part-00000.gz'), maxLength: 8 })
      .map((p) => (p && !p.endsWith('/') ? `${p}/` : p));
    fc.assert(
      fc.property(prefix, fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), fc.integer({ min: 0, max: 99_999 }), (prefix, jobId, index) => {
        expect(parsePieceKey(pieceKey({ bucket: 'bucket', prefix }, jobId, index))).toEqual({ folder: `${prefix}${jobId}/`, jobId, index });
      }),
    );
  });

  it.each([
    ['exports/j/part-00007.gz', { folder: 'exports/j/', jobId: 'j', index: 7 }],
    ['j/part-00000.gz', { folder: 'j/', jobId: 'j', index: 0 }],
    [`a/${'j'.repeat(64)}/part-12345.gz`, { folder: `a/${'j'.repeat(64)}/`, jobId: 'j'.repeat(64), index: 12_345 }],
  ])('%s is %j', (key, expected) => {
    expect(parsePieceKey(key)).toEqual(expected);
  });

  it.each([
    'part-00000.gz', // no job folder
    'exports/part-00000.gz/extra',
    'exports/j/part-0000.gz',
    'exports/j/part-000000.gz',
    'exports/j/part-0000a.gz',
    'exports/j/part-00000.gz.tmp',
    'exports/j/part-00000.gzip',
    'xexports/j/xpart-00000.gz',
    'exports/j.k/part-00000.gz', // a job Id holds no "."
    `exports/${'j'.repeat(65)}/part-00000.gz`,
    'exports//part-00000.gz',
    'exports/j/',
    '',
  ])('%j is no key of an export', (key) => {
    expect(parsePieceKey(key)).toBeNull();
  });
});

describe('the lines exported', () => {
  const counters = { TotalPieces: 4, CompletedPieces: 3, FailedPieces: 1, TotalProcessed: 100, TotalFailures: 25 } as const;

  it('are the endpoints processed less those that failed, once the job has ended with a completed piece', () => {
    for (const JobStatus of ['COMPLETED', 'FAILED', 'CANCELLED'] as const) expect(exportedLines({ ...counters, JobStatus })).toBe(75);
    for (const JobStatus of ['CREATED', 'PREPARING_FOR_INITIALIZATION', 'INITIALIZING', 'PROCESSING', 'COMPLETING'] as const)
      expect(exportedLines({ ...counters, JobStatus })).toBe(0);
    // Every piece failed: no object, so no line, whatever the counters say of endpoints.
    expect(exportedLines({ ...counters, JobStatus: 'FAILED', CompletedPieces: 0, FailedPieces: 4 })).toBe(0);
  });

  it('leaves out the same pieces when TotalPieces is absent: it is the completed and failed pieces', () => {
    const job = { JobStatus: 'FAILED', CompletedPieces: 3, FailedPieces: 2, TotalProcessed: 50, TotalFailures: 20 } as const;
    expect(piecesOf(job, location, 'j')).toEqual(piecesOf({ ...job, TotalPieces: 5 }, location, 'j'));
    expect(piecesOf(job, location, 'j')).not.toEqual(piecesOf({ ...job, TotalPieces: 3 }, location, 'j'));
  });
});
