// The identifying headers API Gateway puts on every Pinpoint response. x-amzn-RequestId is
// the one the SDKs read (as $metadata.requestId); the others are there so that a client
// logging them sees what it would see from AWS.

const hex = (bytes: number) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

export function awsHeaders(requestId: string): Record<string, string> {
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return {
    'x-amzn-RequestId': requestId,
    'x-amz-apigw-id': btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(10)))),
    'X-Amzn-Trace-Id': `Root=1-${seconds}-${hex(12)}`,
  };
}
