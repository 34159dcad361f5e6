import { describe, expect, it } from 'vitest';
import type { SigV4Credential } from '../gateway/credential';
import { bucketRegion, locationXml, regionOfLegacy } from './location';
import { parseXml } from './xml';

describe('where a bucket is', () => {
  it.each([
    ['eu-west-1', 'eu-west-1'],
    ['ap-southeast-2', 'ap-southeast-2'],
    ['us-east-1', ''], // S3's own answer for its first region: an empty constraint
  ])('GetBucketLocation in %s names %j', (region, named) => {
    const xml = locationXml(region);
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<LocationConstraint xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/">/,
    );
    expect(parseXml(xml)).toEqual({ LocationConstraint: named });
  });

  it('is the signature’s region, or us-east-1 for an unsigned caller', () => {
    expect(bucketRegion({ region: 'eu-central-1' } as SigV4Credential)).toBe('eu-central-1');
    expect(bucketRegion(null)).toBe('us-east-1');
  });

  it.each([
    ['US', 'us-east-1'],
    ['eu', 'eu-west-1'],
    ['Mars', 'us-east-1'],
  ])('reads the legacy constraint %s as %s', (constraint, region) => {
    expect(regionOfLegacy(constraint)).toBe(region);
  });
});
