// What a route answers: status, body, its own headers, and what the harness applied. The
// router turns it into one Response with the headers every response carries, built in a
// single step, since each header set on a finished Response is a separate call into the runtime.
export interface Reply {
  status: number;
  body: BodyInit | null; // a string, or a static asset's stream
  headers: Record<string, string>;
  applied?: readonly string[]; // parts of the x-mock-applied summary; none when absent
  errorCode?: string; // an S3 error's code, for the journal (Pinpoint's travel as x-amzn-ErrorType)
}

/** On the admin API's answers and S3's listings: the tenant the call was read as ("<access key id>/<region>",
 *  or "anonymous"), so that an unsigned call is never silently another tenant's journal, nor an empty listing another tenant's view. */
export const TENANT_HEADER = 'x-sandbox-tenant';

const JSON_TYPE = { 'content-type': 'application/json' };

export const jsonReply = (body: string, status = 200, headers: Record<string, string> = {}, applied?: readonly string[]): Reply => ({
  status,
  body,
  headers: { ...JSON_TYPE, ...headers },
  applied,
});
