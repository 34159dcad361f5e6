import { describe, expect, it } from 'vitest';
import { Invalid } from '../invalid';
import { parseExportJobRequest } from './request';

const ROLE = 'arn:aws:iam::123456789012:role/Export';
const BUCKET = 's3://exports/app/';
const json = (value: unknown) => JSON.stringify(value);
const messageOf = (text: string) => {
  const parsed = parseExportJobRequest(text);
  return parsed instanceof Invalid ? parsed.message : null;
};

describe('parseExportJobRequest', () => {
  it.each([
    [{ RoleArn: ROLE, S3UrlPrefix: BUCKET }],
    [{ RoleArn: 'arn:aws-cn:iam::123456789012:role/path/Export', S3UrlPrefix: 's3://my.bucket-1' }],
    [{ RoleArn: ROLE, S3UrlPrefix: 's3://abc/x/y', SegmentId: 'seg_1-A', SegmentVersion: 0 }],
    [{ RoleArn: ROLE, S3UrlPrefix: BUCKET, SegmentId: 'a'.repeat(64), SegmentVersion: 2_147_483_647 }],
  ])('accepts %j as it is', (body) => {
    expect(parseExportJobRequest(json(body))).toEqual(body);
  });

  it('keeps the known members only', () => {
    expect(parseExportJobRequest(json({ RoleArn: ROLE, S3UrlPrefix: BUCKET, Colour: 'red' }))).toEqual({
      RoleArn: ROLE,
      S3UrlPrefix: BUCKET,
    });
  });

  it.each([
    ['', 'The request body is not valid JSON: expected an ExportJobRequest object.'],
    ['{"RoleArn":', 'The request body is not valid JSON: expected an ExportJobRequest object.'],
    ...['null', '[]', '"export"', '42', 'true'].map((text) => [
      text,
      'The request body must be a JSON object (an ExportJobRequest with RoleArn and S3UrlPrefix).',
    ]),
    [json({}), 'Invalid ExportJobRequest: RoleArn is required.'],
    [json({ RoleArn: ROLE }), 'Invalid ExportJobRequest: S3UrlPrefix is required.'],
    [json({ RoleArn: null, S3UrlPrefix: BUCKET }), 'Invalid ExportJobRequest: RoleArn must be a string.'],
    [json({ RoleArn: ROLE, S3UrlPrefix: 7 }), 'Invalid ExportJobRequest: S3UrlPrefix must be a string.'],
    [json({ RoleArn: ROLE, S3UrlPrefix: BUCKET, SegmentId: 7 }), 'Invalid ExportJobRequest: SegmentId must be a string.'],
    [
      json({ RoleArn: ROLE, S3UrlPrefix: BUCKET, SegmentId: 'a b' }),
      'Invalid ExportJobRequest: SegmentId must be 1 to 64 characters from A-Z, a-z, 0-9, "-" and "_".',
    ],
    [json({ RoleArn: ROLE, S3UrlPrefix: BUCKET, SegmentVersion: '1' }), 'Invalid ExportJobRequest: SegmentVersion must be an integer.'],
    [json({ RoleArn: ROLE, S3UrlPrefix: BUCKET, SegmentVersion: 0.5 }), 'Invalid ExportJobRequest: SegmentVersion must be an integer.'],
    [json({ RoleArn: ROLE, S3UrlPrefix: BUCKET, SegmentVersion: -1 }), 'Invalid ExportJobRequest: SegmentVersion must be 0 or more.'],
    [
      json({ RoleArn: ROLE, S3UrlPrefix: BUCKET, SegmentVersion: 2_147_483_648 }),
      'Invalid ExportJobRequest: SegmentVersion must be at most 2147483647.',
    ],
    [json({ RoleArn: 42, S3UrlPrefix: 'x', SegmentVersion: 'y' }), 'Invalid ExportJobRequest: RoleArn must be a string.'],
    [
      json({ RoleArn: ROLE, S3UrlPrefix: 's3://192.168.1.1/x/' }),
      "Invalid ExportJobRequest: S3UrlPrefix names a bucket S3 refuses: a bucket name must not be formatted as an IP address (such as 192.168.5.4) (S3's bucket naming rules).",
    ],
  ])('refuses %s: %s', (text, message) => {
    expect(messageOf(text)).toBe(message);
  });

  // Each rule's own message, for values that fail it by one character.
  const ROLE_RULE = 'must be an IAM role ARN, arn:<partition>:iam::<12-digit account>:role/<name>';
  const S3_RULE =
    'must be an S3 URL, s3://<bucket>[/<prefix>], its bucket name 3 to 63 characters of a-z, 0-9, "." and "-", starting and ending with a letter or digit';
  const bucketRule = (rule: string) => `names a bucket S3 refuses: a bucket name must ${rule} (S3's bucket naming rules)`;
  it.each([
    ['RoleArn', `x${ROLE}`, ROLE_RULE],
    ['RoleArn', `${ROLE} x`, ROLE_RULE],
    ['RoleArn', 'arn:aws1:iam::123456789012:role/Export', ROLE_RULE],
    ['RoleArn', 'arn:aws:iam::12345678901:role/Export', ROLE_RULE],
    ['RoleArn', 'arn:aws:iam::123456789012:user/Export', ROLE_RULE],
    ['S3UrlPrefix', `x${BUCKET}`, S3_RULE],
    ['S3UrlPrefix', 's3://exports/a b', S3_RULE],
    // A bucket that breaks one of S3's naming rules is told that rule, as the S3 API's InvalidBucketName tells it.
    ['S3UrlPrefix', 's3://exports x', bucketRule('hold only lowercase letters, digits, "." and "-"')],
    ['S3UrlPrefix', 's3://ab', bucketRule('be 3 to 63 characters long')],
    ['S3UrlPrefix', 's3://Exports', bucketRule('hold only lowercase letters, digits, "." and "-"')],
    ['S3UrlPrefix', 's3://My_Bucket/x', bucketRule('hold only lowercase letters, digits, "." and "-"')],
    ['S3UrlPrefix', 's3://-exports', bucketRule('begin and end with a letter or digit')],
    ['S3UrlPrefix', 's3://exports-', bucketRule('begin and end with a letter or digit')],
    ['S3UrlPrefix', `s3://${'a'.repeat(64)}`, bucketRule('be 3 to 63 characters long')],
    ['SegmentId', `x${'a'.repeat(64)}`, 'must be 1 to 64 characters from A-Z, a-z, 0-9, "-" and "_"'],
    ['SegmentId', 'a.b', 'must be 1 to 64 characters from A-Z, a-z, 0-9, "-" and "_"'],
    ['SegmentId', '', 'must be 1 to 64 characters from A-Z, a-z, 0-9, "-" and "_"'],
  ])('refuses %s %j: %s', (member, value, rule) => {
    expect(messageOf(json({ RoleArn: ROLE, S3UrlPrefix: BUCKET, [member]: value }))).toBe(`Invalid ExportJobRequest: ${member} ${rule}.`);
  });

  it('accepts the longest bucket name', () => {
    const S3UrlPrefix = `s3://${'a'.repeat(63)}/p`;
    expect(parseExportJobRequest(json({ RoleArn: ROLE, S3UrlPrefix }))).toEqual({ RoleArn: ROLE, S3UrlPrefix });
  });
});
