// Where a sandbox serves its S3-compatible read API: a path under its URL, which S3 clients keep
// when they go path-style. Its own module so that the aws-sdk entry stays free of the engine.
import { S3_MOUNT } from '../src/routes/route-paths';

export { S3_MOUNT };

/** The S3 endpoint of a sandbox at `url` (given as it is if it already names the mount). */
export function s3UrlOf(url: string): string {
  const base = url.replace(/\/+$/, '');
  return base.endsWith(S3_MOUNT) ? base : `${base}${S3_MOUNT}`;
}
