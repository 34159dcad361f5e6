// SigV4 verification (SIGV4_VERIFY = "on"): the signature is computed again with aws4fetch's
// signer, over exactly the headers the client says it signed, with the secret of the access
// key id it names, and compared, whether it was sent in the Authorization header or in the
// query string (a presigned URL). The credential comes read (credential.ts); the service it
// must be scoped to is the caller's to say. AWS's bounds apply: a request date no more than 15
// minutes from the server's clock, or, for a presigned URL, within its X-Amz-Expires.
import { AwsV4Signer } from 'aws4fetch';
import { ApiError } from '../http/errors';
import { MAX_PRESIGNED_EXPIRES_S, MAX_SIGNATURE_SKEW_MS } from '../limits';
import { S3_SERVICE, type SigV4Credential } from './credential';

/** The x-amz-content-sha256 values S3 takes in place of the payload's hash. */
const UNSIGNED_PAYLOAD = /^(UNSIGNED-PAYLOAD|STREAMING-[A-Z0-9-]+)$/;

const AMZ_DATE = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/;

const forbidden = (message: string) => new ApiError('ForbiddenException', message);

/** What each way of signing requires of the signed headers, and where its date travels. */
const SIGNED_IN = {
  header: { required: ['host', 'x-amz-date'], date: 'the x-amz-date header' },
  query: { required: ['host'], date: 'X-Amz-Date' },
} as const;

/** Throws a 403 that says what is wrong, unless the request carries a valid signature for `service`. */
export async function verifySigV4(
  request: Request,
  body: string,
  credential: SigV4Credential | null,
  credentials: ReadonlyMap<string, string>,
  service: string,
  now = Date.now(),
): Promise<void> {
  if (!credential) {
    throw forbidden('Missing Authentication Token: the request has no AWS Signature Version 4 Authorization header or X-Amz-Credential.');
  }
  const { keyId, day, region, signedHeaders, signature } = credential;
  if (credential.service !== service) throw forbidden(`Credential should be scoped to correct service: '${service}'.`);
  const secret = credentials.get(keyId);
  if (!secret) throw forbidden(`The security token included in the request is invalid: unknown access key id ${keyId}.`);
  const rules = SIGNED_IN[credential.in];
  const amzDate = (credential.in === 'query' ? credential.amzDate : request.headers.get('x-amz-date')) ?? '';
  const signedAt = dateOf(amzDate);
  if (signedAt === undefined || !amzDate.startsWith(day)) {
    throw forbidden(`${rules.date} is missing, malformed, or not the day of the Credential scope.`);
  }
  checkTime(amzDate, signedAt, credential.expiresS, now);
  if (!rules.required.every((name) => signedHeaders.includes(name))) {
    throw forbidden(`SignedHeaders must include ${rules.required.join(' and ')}.`);
  }
  // A signed x-amz-content-sha256 stands for the body in the signature, so it must be the body's,
  // unless it says, as S3 allows, that the payload is not signed (or is signed chunk by chunk).
  const declaredHash = request.headers.get('x-amz-content-sha256');
  const unsignedPayload = declaredHash !== null && UNSIGNED_PAYLOAD.test(declaredHash);
  if (declaredHash !== null && !unsignedPayload && declaredHash !== (await sha256Hex(body))) {
    throw forbidden("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  if (service === S3_SERVICE && credential.in === 'header' && !signedHeaders.includes('x-amz-content-sha256')) {
    throw forbidden('Missing required header for this request: x-amz-content-sha256 (S3 signs it).');
  }
  const url = new URL(request.url);
  url.searchParams.delete('X-Amz-Signature'); // the one parameter a query signature does not cover
  const headers = signedHeaders.filter((n) => n !== 'host').map((n) => [n, request.headers.get(n) ?? ''] as [string, string]);
  const signer = new AwsV4Signer({
    method: request.method,
    url: url.toString(),
    headers,
    body: body === '' ? undefined : body,
    accessKeyId: keyId,
    secretAccessKey: secret,
    service,
    region,
    datetime: amzDate,
    signQuery: credential.in === 'query',
    allHeaders: true,
  });
  if (!sameText(await signer.signature(), signature)) {
    throw forbidden(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
}

/** A signature is good from 15 minutes before the server's time until 15 minutes after it, or,
 *  for a presigned URL that says so, until X-Amz-Expires seconds after it was signed. */
function checkTime(amzDate: string, signedAt: number, expiresS: string | null, now: number): void {
  let lifeMs = MAX_SIGNATURE_SKEW_MS;
  if (expiresS !== null) {
    const seconds = /^\d{1,7}$/.test(expiresS) ? Number(expiresS) : 0;
    if (seconds < 1 || seconds > MAX_PRESIGNED_EXPIRES_S) {
      throw forbidden(`X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_PRESIGNED_EXPIRES_S}.`);
    }
    lifeMs = seconds * 1000;
  }
  if (now - signedAt > lifeMs || signedAt - now > MAX_SIGNATURE_SKEW_MS) {
    throw forbidden(
      expiresS === null
        ? `Signature expired: ${amzDate} is more than ${MAX_SIGNATURE_SKEW_MS / 60_000} minutes from the server's time ${new Date(now).toISOString()}.`
        : `Signature expired: the URL signed at ${amzDate} for ${expiresS} s is not valid at the server's time ${new Date(now).toISOString()}.`,
    );
  }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function dateOf(amzDate: string): number | undefined {
  const [, y, mo, d, h, mi, s] = AMZ_DATE.exec(amzDate)?.map(Number) ?? [];
  return y === undefined ? undefined : Date.UTC(y, (mo as number) - 1, d, h, mi, s);
}

/** Compares in time that does not depend on where the strings differ: the runtime's own
 *  comparison (DOM's lib, the Node-side typecheck's, does not know it). A length is no secret. */
function sameText(a: string, b: string): boolean {
  const encoder = new TextEncoder();
  const [x, y] = [encoder.encode(a), encoder.encode(b)];
  const subtle = crypto.subtle as SubtleCrypto & { timingSafeEqual(a: ArrayBufferView, b: ArrayBufferView): boolean };
  return x.length === y.length && subtle.timingSafeEqual(x, y);
}
