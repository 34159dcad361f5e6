// S3 requests the mount cannot take as they are addressed or signed, answered in S3's XML so
// that an S3 client shows why instead of failing to parse Pinpoint's JSON:
// - plainly S3's (signed for service s3, or carrying S3's query words) but outside the mount:
//   the S3 client was given the sandbox's URL, not `<origin>/_s3`;
// - virtual-hosted style (the bucket in the host name): the mount is path-style only;
// - on the mount, signed for a region no tenant has (s3cmd's default `US`): answered as S3
//   answers a wrong region, AuthorizationHeaderMalformed naming the region it expects, so that
//   a tool that follows it (s3cmd does) signs again for that one.
// Cheap for every other request: most return at the first test, on the URL the router parsed once.
import { S3_SERVICE, type SigV4Credential, TENANT_REGION } from '../../gateway/credential';
import { bucketNameProblem } from '../../s3/bucket-name';
import { S3Error } from '../../s3/errors';
import { regionOfLegacy } from '../../s3/location';
import { SUBRESOURCES } from '../../s3/operation';
import { ADMIN_PREFIX, S3_MOUNT } from '../route-paths';

/** Query parameters only S3's operations take: a request carrying one is S3's, wherever it is sent. */
// biome-ignore format: a list of names
const S3_QUERY_WORDS: ReadonlySet<string> = new Set([
  ...SUBRESOURCES, 'list-type', 'continuation-token', 'start-after', 'fetch-owner', 'encoding-type', 'max-keys',
  'delimiter', 'marker', 'x-id', 'response-content-type', 'response-content-disposition',
]);

/** The host of a virtual-hosted request to a sandbox on this machine: `<bucket>.localhost`. */
const LOCAL_VIRTUAL_HOST = /^([^.]+)\.localhost$/;

/** The S3 error for a request that is S3's but cannot be served as it is addressed or signed; null for every other request. */
export function s3AddressingError(url: URL, mounted: boolean, credential: SigV4Credential | null): S3Error | null {
  const signedForS3 = credential?.service === S3_SERVICE;
  if (!signedForS3 && !mounted && url.search === '') return null; // the fast way out: Pinpoint's requests
  const withS3Words = [...url.searchParams.keys()].some((name) => S3_QUERY_WORDS.has(name));
  if (!mounted && !withS3Words && !(signedForS3 && !url.pathname.startsWith(ADMIN_PREFIX))) return null;
  const virtualHost = LOCAL_VIRTUAL_HOST.exec(url.hostname)?.[1];
  const bucketInPath = mounted ? url.pathname.slice(S3_MOUNT.length).replace(/^\//, '') : url.pathname.slice(1);
  if ((virtualHost && !bucketNameProblem(virtualHost)) || (withS3Words && bucketInPath === '')) {
    const origin = virtualHost ? url.origin.replace(`//${virtualHost}.`, '//') : url.origin;
    return new S3Error(
      'NotImplemented',
      `Virtual-hosted-style requests (the bucket in the host name) are not implemented by this sandbox: use path-style at ${origin}${S3_MOUNT} (forcePathStyle: true in the AWS SDK for JavaScript, addressing_style 'path' in boto3).`,
    );
  }
  if (!mounted) {
    return new S3Error(
      'InvalidRequest',
      `This is the sandbox's Pinpoint API; its S3 API is at ${url.origin}${S3_MOUNT}: give the S3 client that endpoint, path-style (${url.origin}${S3_MOUNT}/<bucket>/<key>).`,
    );
  }
  if (credential && !TENANT_REGION.test(credential.region)) {
    const expected = regionOfLegacy(credential.region);
    return new S3Error(
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the region '${credential.region}' is wrong; expecting '${expected}'`,
      { Region: expected },
    );
  }
  return null;
}
