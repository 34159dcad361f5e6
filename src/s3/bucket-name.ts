// S3's naming rules for a bucket (general purpose buckets), as one table: CreateExportJob and
// the fixtures refuse an S3UrlPrefix whose bucket breaks one, naming the rule, and the S3 mount
// answers InvalidBucketName for it, so that no job is accepted whose export S3 could not hold.
// Pure.

/** The shape the rules allow, as a pattern for JSON Schema and OpenAPI (the rules below say the rest). */
export const BUCKET_NAME_PATTERN = '[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]';

/** Each rule, and what a bucket name must do to keep it, as S3's documentation words it. */
const RULES: readonly (readonly [keeps: (name: string) => boolean, rule: string])[] = [
  [(name) => name.length >= 3 && name.length <= 63, 'be 3 to 63 characters long'],
  [(name) => /^[a-z0-9.-]*$/.test(name), 'hold only lowercase letters, digits, "." and "-"'],
  [(name) => /^[a-z0-9]/.test(name) && /[a-z0-9]$/.test(name), 'begin and end with a letter or digit'],
  [(name) => !name.includes('..'), 'not hold two adjacent periods'],
  [(name) => !/^\d{1,3}(\.\d{1,3}){3}$/.test(name), 'not be formatted as an IP address (such as 192.168.5.4)'],
  [(name) => !/^(xn--|sthree-|amzn-s3-demo-)/.test(name), 'not begin with xn--, sthree- or amzn-s3-demo-'],
  [(name) => !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name), 'not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3'],
];

/** Which of S3's naming rules `name` breaks, as "a bucket name must …"; undefined when it keeps them all. */
export function bucketNameProblem(name: string): string | undefined {
  const broken = RULES.find(([keeps]) => !keeps(name));
  return broken && `a bucket name must ${broken[1]} (S3's bucket naming rules)`;
}
