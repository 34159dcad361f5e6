// The admin API under /_sandbox/, a prefix no Pinpoint path can take: the caller's tenant's
// request journal, its defaults for new jobs, and a reset. The tenant is found exactly as for
// the API, so a test signs its admin calls with its client's credentials. Answers are JSON;
// errors are the API's AWS-shaped ones.

import { exportSizeProblem } from '../exports/pieces';
import { SIGNING_PARAMETERS } from '../gateway/credential';
import { parseInstant } from '../harness/instant';
import { badRequest, orBadRequest } from '../http/errors';
import { type BodyShape, parseJsonBody } from '../http/json-body';
import { jsonReply, type Reply, TENANT_HEADER } from '../http/reply';
import { shown } from '../invalid';
import { defaultLife } from '../jobs/created';
import { DEFAULT_JOURNAL_PAGE, MAX_JOURNAL_PAGE } from '../limits';
import type { Tenant } from '../tenants/reach';
import { DefaultsSchema } from '../tenants/schema';
import type { JournalQuery } from '../tenants/tenant-state';
import { type Call, type Handler, tenantOf } from './call';

const json = (value: unknown, status = 200): Reply => jsonReply(JSON.stringify(value), status);

/** One factory for the admin handlers: each gets the caller's tenant, and its answer names it. */
const admin =
  (work: (tenant: Tenant, call: Call) => Promise<Reply>): Handler =>
  async (call) => {
    const tenant = tenantOf(call);
    const reply = await work(tenant, call);
    reply.headers[TENANT_HEADER] = tenant.name;
    return reply;
  };

/** Each query parameter: its value when valid, else undefined, and what it expects. */
const QUERY: Record<
  keyof JournalQuery,
  [read: (text: string, operations: readonly string[]) => unknown, expected: (operations: readonly string[]) => string]
> = {
  limit: [
    (text) => {
      const n = /^\d{1,4}$/.test(text) ? Number(text) : 0;
      return n >= 1 && n <= MAX_JOURNAL_PAGE ? n : undefined;
    },
    () => `a whole number from 1 to ${MAX_JOURNAL_PAGE}`,
  ],
  since: [parseInstant, () => 'an ISO 8601 date-time with a zone, or epoch milliseconds'],
  operation: [(text, operations) => (operations.includes(text) ? text : undefined), (operations) => `one of ${operations.join(', ')}`],
  status: [(text) => (/^[1-5]\d\d$/.test(text) ? Number(text) : undefined), () => 'a three-digit HTTP status'],
};

/** GET /_sandbox/requests?limit=&since=&operation=&status= */
export const listRequests = (operations: () => readonly string[]) =>
  admin(async (tenant, { url }) => {
    const query: JournalQuery = { limit: DEFAULT_JOURNAL_PAGE, since: null, operation: null, status: null };
    for (const [name, value] of url.searchParams) {
      if (SIGNING_PARAMETERS.has(name)) continue; // a presigned URL's, read by the gateway
      const parameter = QUERY[name as keyof typeof QUERY];
      if (!parameter) throw badRequest(`Invalid query parameter ${name}: expected one of ${Object.keys(QUERY).join(', ')}.`);
      const [read, expected] = parameter;
      const parsed = read(value, operations());
      if (parsed === undefined) throw badRequest(`Invalid ${name}: expected ${expected(operations())}; got "${shown(value)}".`);
      (query as unknown as Record<string, unknown>)[name] = parsed;
    }
    return json(await tenant.state.journal(query, tenant.bounds()));
  });

/** DELETE /_sandbox/requests */
export const clearRequests = admin(async (tenant) => {
  await tenant.state.clearJournal(tenant.bounds());
  return json({ cleared: true });
});

/** POST /_sandbox/reset */
export const resetTenant = admin(async (tenant) => {
  await tenant.state.reset(tenant.bounds());
  return json({ reset: true, tenant: tenant.name });
});

/** GET /_sandbox/defaults */
export const getDefaults = admin(async (tenant) => json(await tenant.state.getDefaults(tenant.bounds())));

/** PUT /_sandbox/defaults: x-mock-progression's members but start, each optional; {} clears them. */
export const putDefaults = admin(async (tenant, { body }) => {
  const defaults = orBadRequest(parseJsonBody(body, DefaultsSchema, DEFAULTS_BODY));
  const life = defaultLife(defaults); // what every job created with these defaults would export
  const tooLarge = exportSizeProblem(life.endpoints, life.pieces);
  if (tooLarge) throw badRequest(tooLarge.message);
  return json(await tenant.state.setDefaults(defaults, tenant.bounds()));
});

const DEFAULTS_BODY: BodyShape = {
  name: 'defaults',
  notJson: 'The request body is not valid JSON: expected an object with durationS, outcome, pieces or endpoints.',
  notObject: 'Invalid defaults: the body must be a JSON object.',
  unknown: 'a default',
  report: 'all', // the sandbox's own API names every bad member at once
};
