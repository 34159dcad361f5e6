// What the app does with a completed export: read every object the job wrote under its
// S3UrlPrefix (ListObjectsV2 through every page, then GetObject), gunzip each and parse its
// newline-delimited JSON, one endpoint a line.
import { gunzipSync } from 'node:zlib';
import type { ExportJobResponse } from '@aws-sdk/client-pinpoint';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** The fields of an exported endpoint this app reads; the export has Pinpoint's whole EndpointResponse. */
export interface ExportedEndpoint {
  Id: string;
  ApplicationId: string;
  ChannelType: string;
  Address?: string;
}

/** Where a job's objects are: the bucket and the folder its S3UrlPrefix and Id name. */
export function exportLocation(job: ExportJobResponse): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(job.Definition?.S3UrlPrefix ?? '');
  if (!match) throw new Error(`export job ${job.Id} has no s3:// S3UrlPrefix`);
  const folder = match[2] === '' || match[2]?.endsWith('/') ? match[2] : `${match[2]}/`;
  return { bucket: match[1] as string, prefix: `${folder}${job.Id}/` };
}

/** Every endpoint of a completed export, object by object in key order. */
export async function readExport(s3: S3Client, job: ExportJobResponse): Promise<ExportedEndpoint[]> {
  const { bucket, prefix } = exportLocation(job);
  const endpoints: ExportedEndpoint[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const { Key } of page.Contents ?? []) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      const text = gunzipSync(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()).toString(
        'utf8',
      );
      for (const line of text.split('\n')) if (line !== '') endpoints.push(JSON.parse(line) as ExportedEndpoint);
    }
    token = page.NextContinuationToken;
  } while (token);
  return endpoints;
}
