// Which try of a call this request is, from the header the AWS SDKs send on every try:
// `amz-sdk-request: attempt=2; max=3`. Without it (curl, browsers) it is attempt 1.

export interface Attempt {
  number: number;
  invocationId: string;
}

export function readAttempt(headers: Headers): Attempt {
  const attempt = /(?:^|;)\s*attempt=(\d{1,4})\b/.exec(headers.get('amz-sdk-request') ?? '')?.[1];
  return { number: attempt ? Math.max(1, Number(attempt)) : 1, invocationId: headers.get('amz-sdk-invocation-id') ?? '' };
}
