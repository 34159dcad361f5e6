// Who a request comes from. For rate limiting: the access key id it was signed with, else the
// connecting IP. For state: its tenant, the access key id and region of its SigV4 credential
// scope (an AWS account's Pinpoint resources are per region), or the shared anonymous tenant.

const CREDENTIAL = /Credential=([A-Za-z0-9]{1,128})\/\d{8}\/([a-z0-9-]{1,32})\//;

export const ANONYMOUS_TENANT = 'anonymous';

export function clientKey(request: Request): string {
  const keyId = CREDENTIAL.exec(request.headers.get('authorization') ?? '')?.[1];
  return keyId ? `key:${keyId}` : `ip:${request.headers.get('cf-connecting-ip') ?? 'unknown'}`;
}

/** The tenant whose state a request reads and writes: "<key id>/<region>", or "anonymous" when unsigned. */
export function tenantOf(request: Request): string {
  const [, keyId, region] = CREDENTIAL.exec(request.headers.get('authorization') ?? '') ?? [];
  return keyId && region ? `${keyId}/${region}` : ANONYMOUS_TENANT;
}
