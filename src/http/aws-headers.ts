// The identifying headers API Gateway puts on every Pinpoint response. x-amzn-RequestId is
// the one the SDKs read (as $metadata.requestId); the others are there so that a client
// logging them sees what it would see from AWS. All three come from one random UUID, by
// slicing rather than converting: this runs on every response.

/** Adds x-amzn-RequestId, x-amz-apigw-id and X-Amzn-Trace-Id for `requestId` (a UUID) to `headers`. */
export function addAwsHeaders(headers: Record<string, string>, requestId: string): void {
  headers['x-amzn-RequestId'] = requestId;
  headers['x-amz-apigw-id'] = `${requestId.slice(0, 8)}${requestId.slice(9, 13)}${requestId.slice(15, 18)}=`; // hex is base64 too
  const seconds = Math.floor(Date.now() / 1000).toString(16);
  headers['X-Amzn-Trace-Id'] =
    `Root=1-${seconds}-${requestId.slice(9, 13)}${requestId.slice(14, 18)}${requestId.slice(19, 23)}${requestId.slice(24)}`;
}
