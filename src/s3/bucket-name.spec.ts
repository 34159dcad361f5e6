import { describe, expect, it } from 'vitest';
import { bucketNameProblem } from './bucket-name';

const must = (rule: string) => `a bucket name must ${rule} (S3's bucket naming rules)`;

describe("S3's bucket naming rules", () => {
  it.each([
    'abc',
    'a'.repeat(63),
    'my.bucket-1',
    '1bucket9',
    '192.168.5.4a', // like an IP address, but not one
    '1.2.3.4.5',
    'bucket-xn--a',
    'my-sthree-bucket',
    'bucket-s3alias-x',
    'bucket.mrap1',
  ])('keeps %j', (name) => {
    expect(bucketNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['ab', 'be 3 to 63 characters long'],
    ['a'.repeat(64), 'be 3 to 63 characters long'],
    ['My-bucket', 'hold only lowercase letters, digits, "." and "-"'],
    ['my_bucket', 'hold only lowercase letters, digits, "." and "-"'],
    ['-bucket', 'begin and end with a letter or digit'],
    ['bucket-', 'begin and end with a letter or digit'],
    ['.bucket', 'begin and end with a letter or digit'],
    ['bucket.', 'begin and end with a letter or digit'],
    ['my..bucket', 'not hold two adjacent periods'],
    ['192.168.5.4', 'not be formatted as an IP address (such as 192.168.5.4)'],
    ['xn--bucket', 'not begin with xn--, sthree- or amzn-s3-demo-'],
    ['sthree-bucket', 'not begin with xn--, sthree- or amzn-s3-demo-'],
    ['amzn-s3-demo-bucket', 'not begin with xn--, sthree- or amzn-s3-demo-'],
    ['bucket-s3alias', 'not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3'],
    ['bucket--ol-s3', 'not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3'],
    ['bucket.mrap', 'not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3'],
    ['bucket--x-s3', 'not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3'],
    ['bucket--table-s3', 'not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3'],
  ])('refuses %j: %s', (name, rule) => {
    expect(bucketNameProblem(name)).toBe(must(rule));
  });
});
