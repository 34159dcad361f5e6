// One line of an export, Pinpoint's EndpointResponse, as one valibot schema: the generator's
// tests parse every line with it, and a fixture that gives an application's endpoints
// explicitly is checked by it. Members, enums and formats follow the Pinpoint model
// (@aws-sdk/client-pinpoint) and the developer guide's export notes; an Address must be valid
// for its channel, so a fixture cannot hold an e-mail endpoint whose address is a phone number.
import * as v from 'valibot';
import { issuePath, issueReason, type Problem } from '../issues';
import { ID_PATTERN, ID_RULE } from '../jobs/ids';
import { MAX_FIXTURE_ENDPOINTS } from '../limits';

export const CHANNEL_TYPES = [
  'PUSH',
  'GCM',
  'APNS',
  'APNS_SANDBOX',
  'APNS_VOIP',
  'APNS_VOIP_SANDBOX',
  'ADM',
  'SMS',
  'VOICE',
  'EMAIL',
  'BAIDU',
  'CUSTOM',
  'IN_APP',
] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

const PUSH_TOKEN = { pattern: /^[A-Za-z0-9:_\-+/=.]{16,4096}$/, rule: 'a push token (16 or more of A-Z a-z 0-9 : _ - + / = .)' };
const PHONE = { pattern: /^\+[1-9]\d{6,14}$/, rule: 'an E.164 phone number, e.g. +14155550100' };
const APNS_TOKEN = { pattern: /^[0-9a-f]{64}$/, rule: 'an APNs device token (64 hex digits)' };
const ANY = { pattern: /^\S.{0,1023}$/s, rule: 'a non-empty address' };

/** What an Address must look like, by channel. */
export const ADDRESS_RULES: Record<ChannelType, { pattern: RegExp; rule: string }> = {
  EMAIL: { pattern: /^[^\s@]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, rule: 'an e-mail address' },
  SMS: PHONE,
  VOICE: PHONE,
  APNS: APNS_TOKEN,
  APNS_SANDBOX: APNS_TOKEN,
  APNS_VOIP: APNS_TOKEN,
  APNS_VOIP_SANDBOX: APNS_TOKEN,
  GCM: PUSH_TOKEN,
  ADM: PUSH_TOKEN,
  BAIDU: PUSH_TOKEN,
  PUSH: PUSH_TOKEN,
  CUSTOM: ANY,
  IN_APP: ANY,
};

const Text = v.string('must be a string');

/** `schema`, an object or map, refusing an array: valibot's object and record schemas take one
 *  (an empty array passes as an empty map). */
const notArray = <S extends v.GenericSchema>(schema: S, message: string) =>
  v.pipe(
    v.custom<v.InferInput<S>>((input) => !Array.isArray(input), message),
    schema,
  );
const IsoDate = v.pipe(Text, v.isoTimestamp('must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00.000Z'));
const STRING_LISTS = 'must be a map of string to list of strings';
const StringLists = notArray(v.record(Text, v.array(Text, 'must be a list of strings'), STRING_LISTS), STRING_LISTS);

const DemographicSchema = notArray(
  v.strictObject({
    AppVersion: v.optional(Text),
    Locale: v.optional(v.pipe(Text, v.regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a locale such as en_US'))),
    Make: v.optional(Text),
    Model: v.optional(Text),
    ModelVersion: v.optional(Text),
    Platform: v.optional(Text),
    PlatformVersion: v.optional(Text),
    Timezone: v.optional(
      v.pipe(Text, v.regex(/^([A-Z][A-Za-z_-]+(\/[A-Za-z0-9_+-]+){1,2}|UTC|GMT)$/, 'must be a tz database name, e.g. America/New_York')),
    ),
  }),
  'must be an object of Demographic members',
);

const coordinate = (limit: number) =>
  v.pipe(
    v.number('must be a number'),
    v.minValue(-limit, `must be from -${limit} to ${limit}`),
    v.maxValue(limit, `must be from -${limit} to ${limit}`),
  );

const LocationSchema = notArray(
  v.strictObject({
    City: v.optional(Text),
    Country: v.optional(v.pipe(Text, v.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code, e.g. US'))),
    Latitude: v.optional(coordinate(90)),
    Longitude: v.optional(coordinate(180)),
    PostalCode: v.optional(Text),
    Region: v.optional(Text),
  }),
  'must be an object of Location members',
);

export const EndpointResponseSchema = v.pipe(
  v.strictObject({
    Address: v.optional(Text),
    ApplicationId: v.optional(v.pipe(Text, v.regex(ID_PATTERN, `must be ${ID_RULE}`))),
    Attributes: v.optional(StringLists),
    ChannelType: v.optional(v.picklist(CHANNEL_TYPES, `must be one of ${CHANNEL_TYPES.join(', ')}`)),
    CohortId: v.optional(v.pipe(Text, v.regex(/^(\d|[1-9]\d)$/, 'must be "0" to "99"'))),
    CreationDate: v.optional(IsoDate),
    Demographic: v.optional(DemographicSchema),
    EffectiveDate: v.optional(IsoDate),
    EndpointStatus: v.optional(v.picklist(['ACTIVE', 'INACTIVE'], 'must be ACTIVE or INACTIVE')),
    Id: v.pipe(Text, v.minLength(1, 'must not be empty'), v.maxLength(256, 'must be at most 256 characters')),
    Location: v.optional(LocationSchema),
    Metrics: v.optional(
      notArray(v.record(Text, v.number('must be a number'), 'must be a map of string to number'), 'must be a map of string to number'),
    ),
    OptOut: v.optional(v.picklist(['ALL', 'NONE'], 'must be ALL or NONE')),
    RequestId: v.optional(Text),
    User: v.optional(
      notArray(v.strictObject({ UserId: v.optional(Text), UserAttributes: v.optional(StringLists) }), 'must be an object of User members'),
    ),
  }),
  v.forward(
    v.check(
      ({ ChannelType, Address }) => !ChannelType || Address === undefined || ADDRESS_RULES[ChannelType].pattern.test(Address),
      (issue) => {
        const channel = (issue.input as { ChannelType: ChannelType }).ChannelType;
        return `must be ${ADDRESS_RULES[channel].rule} for ChannelType ${channel}`;
      },
    ),
    ['Address'],
  ),
);
export type EndpointResponse = v.InferOutput<typeof EndpointResponseSchema>;

const FIXTURE_SHAPE =
  'must be an object: { "ApplicationId", "Endpoints": [EndpointResponse…], "Segments"?: { "<segment id>": ["<endpoint id>", …] } }';

/** An application's endpoints given explicitly: exports of that application hold these, and a
 *  segment export the endpoints its segment lists. Ids are unique; segments name known ids. */
export const EndpointFixtureSchema = v.pipe(
  v.strictObject(
    {
      $schema: v.optional(Text),
      ApplicationId: v.pipe(Text, v.regex(ID_PATTERN, `must be ${ID_RULE}`)),
      Endpoints: v.pipe(
        v.array(EndpointResponseSchema, 'must be a list of EndpointResponse'),
        v.minLength(1, 'must hold at least one endpoint'),
        v.maxLength(MAX_FIXTURE_ENDPOINTS, `must hold at most ${MAX_FIXTURE_ENDPOINTS} endpoints`),
      ),
      Segments: v.optional(
        v.record(
          v.pipe(Text, v.regex(ID_PATTERN, `must be ${ID_RULE}`)),
          v.array(Text, 'must be a list of endpoint ids'),
          'must map segment ids to lists of endpoint ids',
        ),
      ),
    },
    FIXTURE_SHAPE,
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { ApplicationId, Endpoints, Segments = {} } = dataset.value;
    const problem = (message: string, keys: [string | number, ...(string | number)[]]) => {
      const item = (key: string | number): v.UnknownPathItem => ({
        type: 'unknown',
        origin: 'value',
        input: undefined,
        key,
        value: undefined,
      });
      addIssue({ message, path: [item(keys[0]), ...keys.slice(1).map(item)] });
    };
    const seen = new Set<string>();
    Endpoints.forEach((endpoint, i) => {
      if (seen.has(endpoint.Id)) problem(`repeats the endpoint id "${endpoint.Id}"`, ['Endpoints', i, 'Id']);
      seen.add(endpoint.Id);
      if (endpoint.ApplicationId !== undefined && endpoint.ApplicationId !== ApplicationId) {
        problem(`must be the fixture's ApplicationId, "${ApplicationId}"`, ['Endpoints', i, 'ApplicationId']);
      }
    });
    for (const [segment, ids] of Object.entries(Segments)) {
      const listed = new Set<string>();
      ids.forEach((id, i) => {
        if (!seen.has(id)) problem(`names "${id}", which is not an endpoint of this fixture`, ['Segments', segment, i]);
        else if (listed.has(id)) problem(`repeats "${id}"`, ['Segments', segment, i]);
        listed.add(id);
      });
    }
  }),
);
export type EndpointFixture = v.InferOutput<typeof EndpointFixtureSchema>;

/** A fixture of explicit endpoints, whole, or every problem it has by path: nothing in between. */
export function readEndpointFixture(value: unknown): { fixture: EndpointFixture } | { problems: Problem[] } {
  if (Array.isArray(value)) return { problems: [{ path: '$', reason: FIXTURE_SHAPE }] }; // valibot takes an array for an object
  const result = v.safeParse(EndpointFixtureSchema, value, { abortEarly: false });
  if (result.success) return { fixture: result.output };
  const words = { unknown: 'is not a member of this shape', missing: 'is required but missing' };
  return { problems: result.issues.map((issue) => ({ path: issuePath(issue), reason: issueReason(issue, words) })) };
}

/** The endpoints an export of the fixture's application holds: all of them, or those of a segment (undefined when the fixture has no such segment). */
export function endpointsOfExport(fixture: EndpointFixture, segmentId?: string): EndpointResponse[] | undefined {
  if (segmentId === undefined) return fixture.Endpoints;
  const ids = fixture.Segments?.[segmentId];
  if (!ids) return undefined;
  const byId = new Map(fixture.Endpoints.map((endpoint) => [endpoint.Id, endpoint]));
  return ids.map((id) => byId.get(id) as EndpointResponse);
}
