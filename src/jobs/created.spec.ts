import { describe, expect, it } from 'vitest';
import { DEFAULT_CREATED_LIFE, PROGRESSION } from '../limits';
import { asCreated, type CreatedJob, defaultLife, draftJob, lifeOf, newJobId } from './created';

const ROLE = 'arn:aws:iam::123456789012:role/Export';
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0, 250);

describe('a created job', () => {
  it('gets a fresh id of 32 lowercase hex characters', () => {
    const ids = new Set(Array.from({ length: 20 }, newJobId));
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is drafted with its Definition in the wire order, the optional members only when sent, and its segment', () => {
    const request = { SegmentVersion: 3, SegmentId: 'seg', S3UrlPrefix: 's3://b/p', RoleArn: ROLE };
    expect(draftJob('id1', 'app1', request, NOW)).toEqual({
      id: 'id1',
      applicationId: 'app1',
      segmentId: 'seg',
      createdMs: NOW,
      definition: '{"RoleArn":"arn:aws:iam::123456789012:role/Export","S3UrlPrefix":"s3://b/p","SegmentId":"seg","SegmentVersion":3}',
    });
    const bare = draftJob('id2', 'app2', { S3UrlPrefix: 's3://b', RoleArn: ROLE }, NOW);
    expect(bare.segmentId).toBeNull();
    expect(bare.definition).toBe('{"RoleArn":"arn:aws:iam::123456789012:role/Export","S3UrlPrefix":"s3://b"}');
    expect(JSON.parse(draftJob('id3', 'app3', { RoleArn: ROLE, S3UrlPrefix: 's3://b', SegmentVersion: 0 }, NOW).definition)).toEqual({
      RoleArn: ROLE,
      S3UrlPrefix: 's3://b',
      SegmentVersion: 0,
    });
  });

  const job: CreatedJob = {
    ...draftJob('id1', 'app1', { RoleArn: ROLE, S3UrlPrefix: 's3://b', SegmentId: 'seg' }, NOW),
    durationMs: 5000,
    outcome: 'FAILED',
    pieces: 4,
    endpoints: 40,
  };

  it('answers CREATED, as an EXPORT, created when it was drafted', () => {
    expect(asCreated(job)).toEqual({
      ApplicationId: 'app1',
      Id: 'id1',
      JobStatus: 'CREATED',
      CreationDate: '2026-06-01T12:00:00.250Z',
      Type: 'EXPORT',
      Definition: { RoleArn: ROLE, S3UrlPrefix: 's3://b', SegmentId: 'seg' },
    });
  });

  it('lives from its creation', () => {
    expect(lifeOf(job)).toEqual({ start: NOW, durationMs: 5000, outcome: 'FAILED', pieces: 4, endpoints: 40 });
  });
});

describe('defaultLife', () => {
  it.each([
    [{}, { ...DEFAULT_CREATED_LIFE, endpoints: DEFAULT_CREATED_LIFE.pieces * PROGRESSION.endpointsPerPiece }],
    [
      { durationS: 2.5 },
      { ...DEFAULT_CREATED_LIFE, durationMs: 2500, endpoints: DEFAULT_CREATED_LIFE.pieces * PROGRESSION.endpointsPerPiece },
    ],
    [
      { durationS: 0.0004 },
      { ...DEFAULT_CREATED_LIFE, durationMs: 0, endpoints: DEFAULT_CREATED_LIFE.pieces * PROGRESSION.endpointsPerPiece },
    ],
    [
      { outcome: 'CANCELLED', pieces: 3 },
      { ...DEFAULT_CREATED_LIFE, outcome: 'CANCELLED', pieces: 3, endpoints: 3 * PROGRESSION.endpointsPerPiece },
    ],
    [
      { pieces: 3, endpoints: 7 },
      { ...DEFAULT_CREATED_LIFE, pieces: 3, endpoints: 7 },
    ],
  ] as const)('takes the tenant’s defaults %j over the built-in ones', (defaults, life) => {
    expect(defaultLife(defaults)).toEqual(life);
  });
});
