// S3's errors, as one table of data (code → status and S3's own default message), and the
// one way an S3 error leaves the sandbox: S3's XML error document. Pure modules of src/s3/
// return an S3Error as a value (like Invalid for Pinpoint); the wiring renders it. Codes,
// statuses and messages are the ones S3 sends, so SDKs build the same exception classes.
import { type XmlContent, xmlDocument } from './xml';

export const S3_ERRORS = {
  AccessDenied: { status: 403, message: 'Access Denied' },
  AuthorizationHeaderMalformed: { status: 400, message: 'The authorization header you provided is invalid.' },
  EntityTooLarge: { status: 400, message: 'Your proposed upload exceeds the maximum allowed size' },
  InternalError: { status: 500, message: 'We encountered an internal error. Please try again.' },
  InvalidAccessKeyId: { status: 403, message: 'The AWS Access Key Id you provided does not exist in our records.' },
  InvalidArgument: { status: 400, message: 'Invalid Argument' },
  InvalidBucketName: { status: 400, message: 'The specified bucket is not valid.' },
  InvalidRange: { status: 416, message: 'The requested range is not satisfiable' },
  InvalidRequest: { status: 400, message: 'Invalid Request' },
  InvalidURI: { status: 400, message: "Couldn't parse the specified URI." },
  KeyTooLongError: { status: 400, message: 'Your key is too long' },
  MalformedXML: {
    status: 400,
    message: 'The XML you provided was not well-formed or did not validate against our published schema',
  },
  MethodNotAllowed: { status: 405, message: 'The specified method is not allowed against this resource.' },
  MissingContentMD5: { status: 400, message: 'Missing required header for this request: Content-MD5' },
  NoSuchBucket: { status: 404, message: 'The specified bucket does not exist' },
  NoSuchKey: { status: 404, message: 'The specified key does not exist.' },
  NotImplemented: { status: 501, message: 'A header you provided implies functionality that is not implemented' },
  PreconditionFailed: { status: 412, message: 'At least one of the pre-conditions you specified did not hold' },
  RequestTimeTooSkewed: { status: 403, message: 'The difference between the request time and the current time is too large.' },
  ServiceUnavailable: { status: 503, message: 'Service is unable to handle request.' },
  SignatureDoesNotMatch: {
    status: 403,
    message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  },
  SlowDown: { status: 503, message: 'Please reduce your request rate.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type S3ErrorCode = keyof typeof S3_ERRORS;
export const S3_ERROR_CODES = Object.keys(S3_ERRORS) as S3ErrorCode[];

/** The code an injected status means on the mount, where S3 has one of that status (x-mock-error: 503 is SlowDown). */
const BY_STATUS = new Map<number, S3ErrorCode>([
  [400, 'InvalidRequest'],
  [403, 'AccessDenied'],
  [404, 'NoSuchKey'],
  [405, 'MethodNotAllowed'],
  [412, 'PreconditionFailed'],
  [416, 'InvalidRange'],
  [500, 'InternalError'],
  [501, 'NotImplemented'],
  [503, 'SlowDown'],
]);

/** The statuses an injected S3 error may be given as. */
export const S3_ERROR_STATUSES = [...BY_STATUS.keys()];

/** The S3 error a status or code (any case) names, if S3 has it. */
export function findS3Error(statusOrCode: string): S3ErrorCode | undefined {
  if (/^\d{3}$/.test(statusOrCode)) return BY_STATUS.get(Number(statusOrCode));
  const wanted = statusOrCode.toLowerCase();
  return S3_ERROR_CODES.find((code) => code.toLowerCase() === wanted);
}

// Own keys only: `in` would take an Object.prototype name (toString, constructor) for a code.
export const isS3ErrorCode = (name: string): name is S3ErrorCode => Object.hasOwn(S3_ERRORS, name);

/** Elements S3 adds after Message to say what the error is about, in the order it sends them. */
export interface S3ErrorDetail {
  Key?: string;
  BucketName?: string;
  Resource?: string;
  Method?: string;
  ResourceType?: string;
  ArgumentName?: string;
  ArgumentValue?: string;
  Condition?: string;
  RangeRequested?: string;
  ActualObjectSize?: number;
  Region?: string; // AuthorizationHeaderMalformed's: the region S3 expects the request signed for
}

/** An S3 error as a value: what a pure function of src/s3/ returns when the request is wrong. */
export class S3Error {
  readonly status: number;
  readonly message: string;
  constructor(
    readonly code: S3ErrorCode,
    message?: string,
    readonly detail: S3ErrorDetail = {},
  ) {
    this.status = S3_ERRORS[code].status;
    this.message = message ?? S3_ERRORS[code].message;
  }
}

/** S3's error document: Code, Message, the detail, RequestId (and HostId, which S3 always adds). */
export function s3ErrorXml(error: S3Error, requestId: string): string {
  const content: XmlContent = { Code: error.code, Message: error.message, ...error.detail, RequestId: requestId, HostId: requestId };
  return xmlDocument('Error', content);
}

/** An InvalidArgument naming the query parameter or header and the value S3 refused. */
export const invalidArgument = (message: string, name: string, value: string): S3Error =>
  new S3Error('InvalidArgument', message, { ArgumentName: name, ArgumentValue: value });
