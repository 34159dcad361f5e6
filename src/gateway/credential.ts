// Who signed a request: its SigV4 credential, read from the Authorization header or from the
// query string (a presigned URL), by the one parser the rate limit, the tenant and the
// signature check all use. Pure: what it cannot read comes back as an Invalid naming the
// problem (the gateway answers it with a 403), never as the anonymous tenant. The parser knows
// no service: the scope's service is returned, and the verifier compares it with its own.
import { Invalid, shown } from '../invalid';
import { MAX_ACCESS_KEY_ID_LENGTH, MAX_SCOPE_PART_LENGTH } from '../limits';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

export interface SigV4Credential {
  in: 'header' | 'query';
  keyId: string;
  day: string; // yyyymmdd
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string | null; // the query's X-Amz-Date; a header-signed request carries it as the x-amz-date header
  expiresS: string | null; // the query's X-Amz-Expires, as sent
}

export const ANONYMOUS_TENANT = 'anonymous';

// Credential=<key id>/<yyyymmdd>/<region>/<service>/aws4_request: a key id is anything SigV4
// allows (no "/", ",", whitespace), bounded; the service is AWS's lower-case name. The region
// is read in either case: S3's legacy names (s3cmd signs for `US` by default) are S3's to
// answer (routes/s3/addressing.ts); Pinpoint's operations take lower-case regions only.
const SCOPE = new RegExp(
  `^([^/,\\s]{1,${MAX_ACCESS_KEY_ID_LENGTH}})/(\\d{8})/([A-Za-z0-9-]{1,${MAX_SCOPE_PART_LENGTH}})/([a-z0-9-]{1,${MAX_SCOPE_PART_LENGTH}})/aws4_request$`,
);
/** A region as AWS names them, and as the sandbox names its tenants: lower-case. */
export const TENANT_REGION = /^[a-z0-9-]+$/;
const CREDENTIAL_FORM = `<access key id of 1 to ${MAX_ACCESS_KEY_ID_LENGTH} characters>/<yyyymmdd>/<region>/<service>/aws4_request`;
const TOKEN = /^[^,\s]+$/;

/** The query parameters of a presigned URL, each required once X-Amz-Credential is there. */
const QUERY_PARAMETERS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Signature'] as const;
const SIGNED_IN_QUERY = 'X-Amz-Credential=';

/** Every query parameter a presigned URL may carry for its signature: no operation's own. */
export const SIGNING_PARAMETERS: ReadonlySet<string> = new Set([...QUERY_PARAMETERS, 'X-Amz-Expires', 'X-Amz-Security-Token']);

/** The request's credential; null when it is unsigned (no SigV4 Authorization header, no
 *  X-Amz-Credential); an Invalid when it is signed in a way the sandbox cannot read. */
export function readCredential(authorization: string | null, url: string): SigV4Credential | Invalid | null {
  const query = url.includes(SIGNED_IN_QUERY) ? new URL(url).searchParams : null;
  const inQuery = query?.has('X-Amz-Credential') ? query : null;
  if (authorization?.startsWith('AWS4-')) return inQuery ? BOTH : fromHeader(authorization); // other schemes sign nothing SigV4 reads
  return inQuery && fromQuery(inQuery);
}

const BOTH = new Invalid(
  'Only one auth mechanism allowed: the request is signed both in its Authorization header and in its query string.',
);

function fromHeader(header: string): SigV4Credential | Invalid {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) return new Invalid(`Unsupported Authorization algorithm "${shown(algorithm)}": expected ${ALGORITHM}.`);
  const parts = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) parts.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !TOKEN.test(parts.get(name) ?? ''));
  if (missing.length > 0) {
    return new Invalid(
      `Authorization header requires '${ALGORITHM} Credential=…, SignedHeaders=…, Signature=…': ${missing.join(', ')} missing or empty.`,
    );
  }
  return scoped(
    'header',
    parts.get('Credential') as string,
    parts.get('SignedHeaders') as string,
    parts.get('Signature') as string,
    null,
    null,
  );
}

function fromQuery(query: URLSearchParams): SigV4Credential | Invalid {
  const missing = QUERY_PARAMETERS.filter((name) => !query.get(name));
  if (missing.length > 0)
    return new Invalid(
      `A request signed in its query string requires ${QUERY_PARAMETERS.join(', ')}: ${missing.join(', ')} missing or empty.`,
    );
  const algorithm = query.get('X-Amz-Algorithm') as string;
  if (algorithm !== ALGORITHM) return new Invalid(`Unsupported X-Amz-Algorithm "${shown(algorithm)}": expected ${ALGORITHM}.`);
  const [credential, signed, signature] = ['X-Amz-Credential', 'X-Amz-SignedHeaders', 'X-Amz-Signature'].map(
    (name) => query.get(name) as string,
  );
  return scoped('query', credential as string, signed as string, signature as string, query.get('X-Amz-Date'), query.get('X-Amz-Expires'));
}

function scoped(
  where: SigV4Credential['in'],
  credential: string,
  signedHeaders: string,
  signature: string,
  amzDate: string | null,
  expiresS: string | null,
): SigV4Credential | Invalid {
  const match = SCOPE.exec(credential);
  if (!match) return new Invalid(`Malformed Credential "${shown(credential)}": expected ${CREDENTIAL_FORM}.`);
  // The pattern has four groups, none optional: a match holds all four, each non-empty.
  const [, keyId, day, region, service] = match as RegExpExecArray & [string, string, string, string, string];
  if (service !== S3_SERVICE && !TENANT_REGION.test(region)) {
    return new Invalid(`Malformed Credential "${shown(credential)}": expected ${CREDENTIAL_FORM}, the region in lower case.`);
  }
  return { in: where, keyId, day, region, service, signedHeaders: signedHeaders.split(';'), signature, amzDate, expiresS };
}

/** The tenant whose state a request reads and writes: "<key id>/<region>" (an AWS account's
 *  Pinpoint resources are per region), or the shared anonymous tenant when it is unsigned. */
export const tenantName = (credential: SigV4Credential | null): string =>
  credential ? `${credential.keyId}/${credential.region}` : ANONYMOUS_TENANT;

/** The service Pinpoint's credential scopes name. */
export const PINPOINT_SERVICE = 'mobiletargeting';
/** The service S3 clients' credential scopes name: the sandbox's /_s3 mount. */
export const S3_SERVICE = 's3';

export interface ScopeParts {
  region?: string;
  service?: string;
  day?: string; // yyyymmdd
  signedHeaders?: string;
}

/** An Authorization header that names a tenant without a real signature: what a test, the bench
 *  or the admin client sends to a sandbox that does not verify signatures (SIGV4_VERIFY off). */
export function unsignedAuthorization(
  keyId: string,
  { region = 'us-east-1', service = PINPOINT_SERVICE, day = '20261129', signedHeaders = 'host;x-amz-date' }: ScopeParts = {},
): string {
  return `${ALGORITHM} Credential=${keyId}/${day}/${region}/${service}/aws4_request, SignedHeaders=${signedHeaders}, Signature=${'0'.repeat(64)}`;
}
