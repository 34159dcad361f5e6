// Who a request comes from, for rate limiting: the access key id it was signed with (a
// SigV4 Authorization header names it in its Credential), else the connecting IP.

const CREDENTIAL = /Credential=([A-Za-z0-9]{1,128})\//;

export function clientKey(request: Request): string {
  const keyId = CREDENTIAL.exec(request.headers.get('authorization') ?? '')?.[1];
  return keyId ? `key:${keyId}` : `ip:${request.headers.get('cf-connecting-ip') ?? 'unknown'}`;
}
