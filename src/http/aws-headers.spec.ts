import { expect, it } from 'vitest';
import { addAwsHeaders } from './aws-headers';

it('derives API Gateway shaped ids from the request id', () => {
  const headers: Record<string, string> = {};
  addAwsHeaders(headers, '0c56028a-55a0-42dd-aa94-e1871e713f91');
  expect(headers['x-amzn-RequestId']).toBe('0c56028a-55a0-42dd-aa94-e1871e713f91');
  expect(headers['x-amz-apigw-id']).toMatch(/^[A-Za-z0-9+/]{15}=$/);
  expect(headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-55a042ddaa94e1871e713f91$/);
});
