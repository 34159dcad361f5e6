import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUCKET_INDEX_PREFIX,
  bucketIndexKey,
  bucketIndexPrefix,
  ENDPOINTS_KEY_PREFIX,
  endpointsKey,
  indexedExportOf,
  JOB_KEY_PREFIX,
  jobKey,
  refOfKey,
} from './kv-key';

it('names a seeded job job:<application-id>:<job-id>, and reads the job back from its key', () => {
  const ref = { applicationId: 'app-1', jobId: 'job_2' };
  expect(JOB_KEY_PREFIX).toBe('job:');
  expect(jobKey(ref)).toBe('job:app-1:job_2');
  expect(refOfKey(jobKey(ref))).toEqual(ref);
  expect(refOfKey('job:only')).toEqual({ applicationId: 'only', jobId: '' });
  expect(refOfKey('job:')).toEqual({ applicationId: '', jobId: '' });
});

it('names an application’s seeded endpoints endpoints:<application-id>, apart from its jobs', () => {
  expect(ENDPOINTS_KEY_PREFIX).toBe('endpoints:');
  expect(endpointsKey('app-1')).toBe('endpoints:app-1');
  expect(endpointsKey('app-1').startsWith(JOB_KEY_PREFIX)).toBe(false);
});

describe('the bucket index', () => {
  const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/);
  const keyPrefix = fc
    .string({ unit: fc.constantFrom('a', '/', '.', 'é', ' ', ':'), maxLength: 10 })
    .map((p) => (p && !p.endsWith('/') ? `${p}/` : p));
  const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,10}[a-z0-9]$/);

  it('keys a job bucket:<bucket>/<key prefix><job id>/<application id>, and reads the folder and the job back', () => {
    expect(bucketIndexKey('exports', 'pinpoint/job-1/', 'app-1')).toBe('bucket:exports/pinpoint/job-1/app-1');
    expect(indexedExportOf('bucket:exports/pinpoint/job-1/app-1', 'exports')).toEqual({
      folder: 'pinpoint/job-1/',
      ref: { applicationId: 'app-1', jobId: 'job-1' },
    });
    expect(indexedExportOf('bucket:exports/job-1/app-1', 'exports')).toEqual({
      folder: 'job-1/',
      ref: { applicationId: 'app-1', jobId: 'job-1' },
    });
    fc.assert(
      fc.property(bucket, keyPrefix, id, id, (b, prefix, jobId, applicationId) => {
        const folder = `${prefix}${jobId}/`;
        expect(indexedExportOf(bucketIndexKey(b, folder, applicationId), b)).toEqual({ folder, ref: { applicationId, jobId } });
      }),
    );
  });

  it('lists under a bucket and a prefix exactly the jobs whose folder begins with that prefix, in that bucket alone', () => {
    fc.assert(
      fc.property(bucket, bucket, keyPrefix, keyPrefix, id, id, (b, other, prefix, asked, jobId, applicationId) => {
        const key = bucketIndexKey(b, `${prefix}${jobId}/`, applicationId);
        expect(key.startsWith(BUCKET_INDEX_PREFIX)).toBe(true);
        expect(key.startsWith(bucketIndexPrefix(b, asked))).toBe(`${prefix}${jobId}/`.startsWith(asked));
        if (other !== b) expect(key.startsWith(bucketIndexPrefix(other, ''))).toBe(false);
        expect(key.startsWith(JOB_KEY_PREFIX) || key.startsWith(ENDPOINTS_KEY_PREFIX)).toBe(false);
      }),
    );
  });
});
