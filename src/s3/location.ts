// Where a bucket is, as S3 says it: GetBucketLocation's document, HeadBucket's
// x-amz-bucket-region, and the region a legacy location constraint (s3cmd's default `US`)
// stands for. A bucket here lives in the region of the tenant that sees it (the signature's),
// since a tenant is an access key id and a region; an unsigned caller's, in us-east-1. S3 answers
// us-east-1 with an empty LocationConstraint, for the SDKs' sake.
import type { SigV4Credential } from '../gateway/credential';
import { S3_NAMESPACE, xmlDocument } from './xml';

/** S3's first region: where an unsigned caller's buckets are, and what an empty or unknown constraint means. */
export const S3_DEFAULT_REGION = 'us-east-1';

/** S3's legacy location constraints, by the region each stands for. */
const LEGACY_REGIONS: Record<string, string> = { EU: 'eu-west-1', US: S3_DEFAULT_REGION };

/** The region a legacy constraint names (in any case), else S3's default. */
export const regionOfLegacy = (constraint: string): string => LEGACY_REGIONS[constraint.toUpperCase()] ?? S3_DEFAULT_REGION;

/** The region a caller's buckets are in: its signature's, else S3's default. */
export const bucketRegion = (credential: SigV4Credential | null): string => credential?.region ?? S3_DEFAULT_REGION;

/** GetBucketLocation's answer for a bucket in `region`. */
export const locationXml = (region: string): string =>
  xmlDocument('LocationConstraint', { '#text': region === S3_DEFAULT_REGION ? '' : region }, S3_NAMESPACE);
