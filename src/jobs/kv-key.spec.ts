import { expect, it } from 'vitest';
import { ENDPOINTS_KEY_PREFIX, endpointsKey, JOB_KEY_PREFIX, jobKey, refOfKey } from './kv-key';

it('names a seeded job job:<application-id>:<job-id>, and reads the job back from its key', () => {
  const ref = { applicationId: 'app-1', jobId: 'job_2' };
  expect(JOB_KEY_PREFIX).toBe('job:');
  expect(jobKey(ref)).toBe('job:app-1:job_2');
  expect(refOfKey(jobKey(ref))).toEqual(ref);
  expect(refOfKey('job:only')).toEqual({ applicationId: 'only', jobId: '' });
});

it('names an application’s seeded endpoints endpoints:<application-id>, apart from its jobs', () => {
  expect(ENDPOINTS_KEY_PREFIX).toBe('endpoints:');
  expect(endpointsKey('app-1')).toBe('endpoints:app-1');
  expect(endpointsKey('app-1').startsWith(JOB_KEY_PREFIX)).toBe(false);
});
