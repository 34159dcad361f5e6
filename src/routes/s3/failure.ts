// How an error leaves the S3 mount: always S3's XML error document, never Pinpoint's JSON. An
// S3 handler throws an S3Failure (an S3Error from src/s3/, with the headers it carries); an
// ApiError thrown on the way (the gateway's checks, a fixture that cannot be read) is mapped
// to the S3 code S3 would send for the same thing, by a table.
import { ApiError, type ErrorName } from '../../http/errors';
import type { Reply } from '../../http/reply';
import { S3Error, type S3ErrorCode, s3ErrorXml } from '../../s3/errors';

/** An S3 error thrown where a request on the mount cannot go on; the router renders it with s3ErrorReply. */
export class S3Failure extends Error {
  constructor(
    readonly error: S3Error,
    readonly headers: Record<string, string> = {},
    readonly applied: readonly string[] = [],
  ) {
    super(error.message);
  }
}

/** The S3 code for each of the sandbox's own errors, as S3 answers the same situation. */
const FROM_API_ERROR: Record<ErrorName, S3ErrorCode> = {
  BadRequestException: 'InvalidRequest',
  ForbiddenException: 'AccessDenied',
  NotFoundException: 'NoSuchKey',
  MethodNotAllowedException: 'MethodNotAllowed',
  PayloadTooLargeException: 'EntityTooLarge',
  TooManyRequestsException: 'SlowDown',
  InternalServerErrorException: 'InternalError',
  BadGatewayException: 'InternalError',
  ServiceUnavailableException: 'ServiceUnavailable',
  GatewayTimeoutException: 'ServiceUnavailable',
};

/** Whatever was thrown on the mount, as an S3Failure (an unexpected error is S3's InternalError). */
export function asS3Failure(error: unknown): S3Failure {
  if (error instanceof S3Failure) return error;
  if (!(error instanceof ApiError)) return new S3Failure(new S3Error('InternalError'));
  const { 'Retry-After': retryAfter } = error.options.headers ?? {};
  const headers: Record<string, string> = retryAfter === undefined ? {} : { 'Retry-After': retryAfter };
  return new S3Failure(new S3Error(FROM_API_ERROR[error.name], error.message), headers, error.options.applied);
}

/** The headers every answer on the mount carries: S3's request ids. */
export const s3Headers = (requestId: string): Record<string, string> => ({
  'x-amz-request-id': requestId,
  'x-amz-id-2': btoa(requestId),
});

export const XML_TYPE = 'application/xml';

/** S3's error answer: status, XML document, request ids. */
export function s3ErrorReply({ error, headers, applied }: S3Failure, requestId: string): Reply {
  return {
    status: error.status,
    body: s3ErrorXml(error, requestId),
    headers: { 'content-type': XML_TYPE, ...s3Headers(requestId), ...headers },
    applied,
    errorCode: error.code,
  };
}
