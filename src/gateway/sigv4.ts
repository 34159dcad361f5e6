// SigV4 verification (SIGV4_VERIFY = "on"): the signature is computed again with aws4fetch's
// signer, over exactly the headers the client says it signed, with the secret of the access
// key id it names, and compared. AWS's bounds apply: service "mobiletargeting", and a
// request date no more than 15 minutes from the server's clock.
import { AwsV4Signer } from 'aws4fetch';
import { ApiError } from '../http/errors';
import { MAX_SIGNATURE_SKEW_MS } from '../limits';

const SERVICE = 'mobiletargeting';
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/;

const forbidden = (message: string) => new ApiError('ForbiddenException', message);

/** Throws a 403 that says what is wrong, unless the request carries a valid signature. */
export async function verifySigV4(
  request: Request,
  body: string,
  credentials: ReadonlyMap<string, string>,
  now = Date.now(),
): Promise<void> {
  const header = request.headers.get('authorization');
  if (!header) throw forbidden('Missing Authentication Token: the request has no AWS Signature Version 4 Authorization header.');
  const [, keyId, day, region, service, signed, signature] = AUTHORIZATION.exec(header) ?? [];
  if (!keyId || !signed || !signature || !region || !day) {
    throw forbidden("Authorization header requires 'AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…'.");
  }
  if (service !== SERVICE) throw forbidden(`Credential should be scoped to correct service: '${SERVICE}'.`);
  const secret = credentials.get(keyId);
  if (!secret) throw forbidden(`The security token included in the request is invalid: unknown access key id ${keyId}.`);
  const amzDate = request.headers.get('x-amz-date') ?? '';
  const signedAt = dateOf(amzDate);
  if (signedAt === undefined || !amzDate.startsWith(day))
    throw forbidden('The x-amz-date header is missing, malformed, or not the day of the Credential scope.');
  if (Math.abs(now - signedAt) > MAX_SIGNATURE_SKEW_MS) {
    throw forbidden(
      `Signature expired: ${amzDate} is more than ${MAX_SIGNATURE_SKEW_MS / 60_000} minutes from the server's time ${new Date(now).toISOString()}.`,
    );
  }
  const names = signed.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) throw forbidden('SignedHeaders must include host and x-amz-date.');
  // A signed x-amz-content-sha256 stands for the body in the signature, so it must be the body's.
  const declaredHash = request.headers.get('x-amz-content-sha256');
  if (declaredHash !== null && declaredHash !== (await sha256Hex(body))) {
    throw forbidden("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const headers = names.filter((n) => n !== 'host').map((n) => [n, request.headers.get(n) ?? ''] as [string, string]);
  const signer = new AwsV4Signer({
    method: request.method,
    url: request.url,
    headers,
    body: body === '' ? undefined : body,
    accessKeyId: keyId,
    secretAccessKey: secret,
    service: SERVICE,
    region,
    datetime: amzDate,
    allHeaders: true,
  });
  if (!sameText(await signer.signature(), signature)) {
    throw forbidden(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
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

/** Compares in time that does not depend on where the strings differ. */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}
