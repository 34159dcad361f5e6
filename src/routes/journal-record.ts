// A request and its answer as one journal entry: what a tenant's contract tests read back from
// GET /_sandbox/requests. Secrets are redacted: the Authorization signature (the rest of the
// header, key id and scope included, is kept) and X-Amz-Security-Token. Pure.
import type { BodySeen } from '../http/body';
import type { Reply } from '../http/reply';
import { JOURNAL_BODY_BYTES } from '../limits';
import type { JournalRecord } from '../tenants/tenant-state';
import type { JournaledOperation } from './route-paths';

const REDACTED = '<redacted>';
const REDACT: Record<string, (value: string) => string> = {
  authorization: (value) => value.replace(/Signature=[^,\s]*/i, `Signature=${REDACTED}`),
  'x-amz-security-token': () => REDACTED,
};

export function journalRecord(
  request: Request,
  url: URL,
  operation: JournaledOperation | null,
  body: BodySeen,
  reply: Reply,
  startedMs: number,
  endedMs: number,
): JournalRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[name] = REDACT[name]?.(value) ?? value;
  const truncated = body.bytes > JOURNAL_BODY_BYTES;
  return {
    at: new Date(startedMs).toISOString(),
    operation,
    method: request.method,
    path: url.pathname,
    query: url.search,
    headers,
    body: truncated ? cut(body.text, JOURNAL_BODY_BYTES) : body.text,
    truncated,
    status: reply.status,
    errorType: reply.errorCode ?? reply.headers['x-amzn-ErrorType'] ?? null,
    applied: [...(reply.applied ?? [])],
    durationMs: endedMs - startedMs,
  };
}

/** The text of the first `bytes` bytes of `text` in UTF-8 (a character cut in two is dropped). */
function cut(text: string, bytes: number): string {
  return new TextDecoder().decode(new TextEncoder().encode(text).slice(0, bytes)).replace(/\uFFFD$/, '');
}
