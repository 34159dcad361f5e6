// Where a bucket is, as S3 says it: GetBucketLocation's document, and HeadBucket's
// x-amz-bucket-region. A bucket here lives in the region of the tenant that sees it (the
// signature's), since a tenant is an access key id and a region; an unsigned caller's, in
// us-east-1. S3 answers us-east-1 with an empty LocationConstraint, for the SDKs' sake.
import type { SigV4Credential } from '../gateway/credential';
import { S3_NAMESPACE, xmlDocument } from './xml';

/** The region a caller's buckets are in: its signature's, else S3's default. */
export const bucketRegion = (credential: SigV4Credential | null): string => credential?.region ?? 'us-east-1';

/** GetBucketLocation's answer for a bucket in `region`. */
export const locationXml = (region: string): string =>
  xmlDocument('LocationConstraint', { '#text': region === 'us-east-1' ? '' : region }, S3_NAMESPACE);
