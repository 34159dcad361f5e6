// The endpoints of an export, generated: a pure function of the job and the line's index
// among the export's lines, so the same job always yields byte-identical objects (the same
// ETag) and nothing is ever stored. Lines are yielded one at a time, so a large piece streams.
// Values are drawn from small tables of plausible data (cities with their country, time zone,
// locale and calling code; devices by push platform), so a line reads like a real export:
// channels mixed, each Address valid for its channel, dates before the job was created.
import { unitHash } from '../hash';
import { CHANNEL_TYPES, type ChannelType, type EndpointResponse } from './endpoint-schema';

/** What identifies an export: its job. */
export interface ExportJob {
  ApplicationId: string;
  Id: string;
  SegmentId?: string;
  CreationDate: string;
}

/** A run of the export's lines: what one piece holds. */
export interface LineRange {
  firstLine: number;
  lines: number;
}

/** The lines (JSON text and "\n") of a piece: from `explicit` (an application's endpoints given
 *  by a fixture, line n being its nth) or generated. Stops early if `explicit` runs out. */
export function* pieceLines(job: ExportJob, { firstLine, lines }: LineRange, explicit?: readonly EndpointResponse[]): Generator<string> {
  for (let n = firstLine; n < firstLine + lines; n++) {
    const given = explicit?.[n];
    if (explicit && !given) return;
    yield given ? `${JSON.stringify({ ...given, ApplicationId: job.ApplicationId })}\n` : `${endpointLine(job, n)}\n`;
  }
}

/** A deterministic stream of numbers in [0, 1) (mulberry32), seeded from text. */
function random(seedText: string): () => number {
  let state = Math.floor(unitHash(seedText) * 2 ** 32);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

type City = readonly [
  city: string,
  region: string,
  country: string,
  postal: string,
  lat: number,
  long: number,
  tz: string,
  locale: string,
  calling: string,
];
const CITIES: readonly City[] = [
  ['New York', 'New York', 'US', '10001', 40.7, -74, 'America/New_York', 'en_US', '1'],
  ['San Francisco', 'California', 'US', '94103', 37.8, -122.4, 'America/Los_Angeles', 'en_US', '1'],
  ['Chicago', 'Illinois', 'US', '60601', 41.9, -87.6, 'America/Chicago', 'en_US', '1'],
  ['Toronto', 'Ontario', 'CA', 'M5H 2N2', 43.7, -79.4, 'America/Toronto', 'en_CA', '1'],
  ['London', 'England', 'GB', 'EC1A 1BB', 51.5, -0.1, 'Europe/London', 'en_GB', '44'],
  ['Berlin', 'Berlin', 'DE', '10115', 52.5, 13.4, 'Europe/Berlin', 'de_DE', '49'],
  ['Paris', 'Île-de-France', 'FR', '75001', 48.9, 2.4, 'Europe/Paris', 'fr_FR', '33'],
  ['Madrid', 'Madrid', 'ES', '28001', 40.4, -3.7, 'Europe/Madrid', 'es_ES', '34'],
  ['São Paulo', 'São Paulo', 'BR', '01000-000', -23.6, -46.6, 'America/Sao_Paulo', 'pt_BR', '55'],
  ['Tokyo', 'Tokyo', 'JP', '100-0001', 35.7, 139.7, 'Asia/Tokyo', 'ja_JP', '81'],
  ['Sydney', 'New South Wales', 'AU', '2000', -33.9, 151.2, 'Australia/Sydney', 'en_AU', '61'],
  ['Mumbai', 'Maharashtra', 'IN', '400001', 19.1, 72.9, 'Asia/Kolkata', 'en_IN', '91'],
];

/** Channels, weighted roughly as a consumer app's endpoints are. */
const CHANNEL_WEIGHTS: Record<ChannelType, number> = {
  EMAIL: 30,
  SMS: 18,
  GCM: 16,
  APNS: 14,
  IN_APP: 5,
  VOICE: 4,
  CUSTOM: 3,
  APNS_SANDBOX: 2,
  ADM: 2,
  BAIDU: 2,
  PUSH: 2,
  APNS_VOIP: 1,
  APNS_VOIP_SANDBOX: 1,
};
/** Each channel with the running total of the weights up to it. */
const CHANNEL_UPTO = CHANNEL_TYPES.map(
  (channel, i) => [channel, CHANNEL_TYPES.slice(0, i + 1).reduce((sum, c) => sum + CHANNEL_WEIGHTS[c], 0)] as const,
);
const CHANNEL_TOTAL = CHANNEL_UPTO.at(-1)?.[1] ?? 0;

type Device = readonly [make: string, model: string, modelVersion: string, platform: string, platformVersion: string];
const DEVICES = {
  ios: [
    ['Apple', 'iPhone', '15', 'iOS', '17.5'],
    ['Apple', 'iPhone', '14', 'iOS', '16.7'],
    ['Apple', 'iPad', '10', 'iPadOS', '17.4'],
  ],
  android: [
    ['samsung', 'SM-S911B', 'S23', 'Android', '14'],
    ['Google', 'Pixel 8', '8', 'Android', '14'],
    ['Xiaomi', 'Redmi Note 12', '12', 'Android', '13'],
  ],
  fire: [['Amazon', 'Fire HD 10', '11', 'Fire OS', '8.3']],
  web: [
    ['Apple', 'MacBookPro', '18', 'macOS', '14.5'],
    ['Microsoft', 'Surface Laptop', '5', 'Windows', '11'],
    ['Dell', 'XPS 13', '9340', 'Windows', '11'],
  ],
} satisfies Record<string, readonly Device[]>;
const DEVICE_OF: Record<ChannelType, keyof typeof DEVICES> = {
  APNS: 'ios',
  APNS_SANDBOX: 'ios',
  APNS_VOIP: 'ios',
  APNS_VOIP_SANDBOX: 'ios',
  GCM: 'android',
  BAIDU: 'android',
  PUSH: 'android',
  ADM: 'fire',
  EMAIL: 'web',
  SMS: 'web',
  VOICE: 'web',
  CUSTOM: 'web',
  IN_APP: 'ios',
};

/** Names, each with its ASCII form for e-mail addresses. */
const ascii = (names: string[]) =>
  names.map(
    (name) =>
      [
        name,
        name
          .normalize('NFD')
          .replace(/[^A-Za-z]/g, '')
          .toLowerCase(),
      ] as const,
  );
const FIRST = ascii([
  'Ana',
  'Ben',
  'Chloé',
  'Daniel',
  'Emma',
  'Farid',
  'Grace',
  'Hiro',
  'Isabel',
  'Jonas',
  'Kavya',
  'Liam',
  'Maya',
  'Noah',
]);
const LAST = ascii(['Silva', 'Smith', 'Müller', 'Dubois', 'García', 'Tanaka', 'Patel', 'Brown', 'Rossi', 'Nguyen', 'Kowalski', 'Okafor']);
const DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com'];
const INTERESTS = ['Science', 'Music', 'Travel', 'Cooking', 'Sports', 'Books', 'Gaming', 'Fashion', 'Photography', 'Film'];
const PLANS = ['free', 'plus', 'pro', 'team'];
const SOURCES = ['web', 'ios', 'android', 'referral', 'newsletter'];
const TIERS = ['bronze', 'silver', 'gold', 'platinum'];
const DAY_MS = 86_400_000;
const HEX = '0123456789abcdef';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// The tables' strings as JSON, once: a line is written as text, not built as an object and then
// serialised (a third of its cost). Every other value is digits, hex, base64url or an ISO date,
// which JSON writes as they are.
const json = (text: string): string => JSON.stringify(text);
const CITIES_JSON = CITIES.map(([city, region, country, postal, lat, long, tz, locale, calling]) => ({
  city: json(city),
  region: json(region),
  country: json(country),
  postal: json(postal),
  lat,
  long,
  tz: json(tz),
  locale: json(locale),
  calling,
}));
const DEVICES_JSON = Object.fromEntries(
  Object.entries(DEVICES).map(([kind, devices]) => [
    kind,
    devices.map(
      ([make, model, version, platform, platformVersion]) =>
        [
          `"Make":${json(make)},"Model":${json(model)},"ModelVersion":${json(version)}`,
          `"Platform":${json(platform)},"PlatformVersion":${json(platformVersion)}`,
        ] as const,
    ),
  ]),
) as Record<keyof typeof DEVICES, (readonly [string, string])[]>;
const FIRST_JSON = FIRST.map(([name, plain]) => [json(name), plain] as const);
const LAST_JSON = LAST.map(([name, plain]) => [json(name), plain] as const);
const INTERESTS_JSON = INTERESTS.map(json);
const PLANS_JSON = PLANS.map(json);
const SOURCES_JSON = SOURCES.map(json);
const TIERS_JSON = TIERS.map(json);
const DIGITS = '0123456789';
const GUID_VARIANTS = ['8', '9', 'a', 'b'];

/** Draws from one line's stream: the order of the draws is the line's content, so it never changes. */
class Draws {
  constructor(readonly next: () => number) {}
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chars(alphabet: string, length: number): string {
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[this.int(alphabet.length)];
    return text;
  }
  guid(tail: string): string {
    return `${this.chars(HEX, 8)}-${this.chars(HEX, 4)}-4${this.chars(HEX, 3)}-${this.pick(GUID_VARIANTS)}${this.chars(HEX, 3)}-${tail}`;
  }
  phone(calling: string): string {
    return `+${calling}${1 + this.int(9)}${this.chars(DIGITS, calling.length === 1 ? 9 : 8)}`;
  }
  fcmToken(): string {
    return `${this.chars(BASE64URL, 22)}:APA91b${this.chars(BASE64URL, 60)}`;
  }
}

/** Each channel's Address, valid for it. */
const ADDRESS: Record<ChannelType, (d: Draws, who: { first: string; last: string; calling: string }) => string> = {
  EMAIL: (d, { first, last }) => `${first}.${last}${d.int(100)}@${d.pick(DOMAINS)}`,
  SMS: (d, { calling }) => d.phone(calling),
  VOICE: (d, { calling }) => d.phone(calling),
  APNS: (d) => d.chars(HEX, 64),
  APNS_SANDBOX: (d) => d.chars(HEX, 64),
  APNS_VOIP: (d) => d.chars(HEX, 64),
  APNS_VOIP_SANDBOX: (d) => d.chars(HEX, 64),
  GCM: (d) => d.fcmToken(),
  BAIDU: (d) => `${d.int(10) + 1}${d.chars(DIGITS, 18)}`,
  PUSH: (d) => d.fcmToken(),
  ADM: (d) => `amzn1.adm-registration.v3.${d.chars(BASE64URL, 80)}`,
  CUSTOM: (d) => `https://hooks.example.com/endpoints/${d.chars(HEX, 16)}`,
  IN_APP: (d) => d.chars(HEX, 32),
};

/** Endpoint `n` of the export of `job` as its line's JSON text (without the newline): what
 *  JSON.stringify would write of the EndpointResponse, members in the same order. */
export function endpointLine(job: ExportJob, n: number): string {
  const d = new Draws(random(`${job.ApplicationId}\n${job.Id}\n${job.SegmentId ?? ''}\n${n}`));
  const channel = pickChannel(d.next());
  const city = d.pick(CITIES_JSON);
  const [device, platform] = d.pick(DEVICES_JSON[DEVICE_OF[channel]]);
  const [first, firstAscii] = d.pick(FIRST_JSON);
  const [last, lastAscii] = d.pick(LAST_JSON);
  const created = Date.parse(job.CreationDate);
  const creation = created - DAY_MS - d.int(730 * DAY_MS);
  const effective = creation + d.int(created - creation);
  const oneDecimal = (x: number) => Math.round((x + (d.next() - 0.5) / 5) * 10) / 10;
  const address = ADDRESS[channel](d, { first: firstAscii, last: lastAscii, calling: city.calling });
  const status = d.next() < 0.9 ? 'ACTIVE' : 'INACTIVE';
  const optOut = d.next() < 0.93 ? 'NONE' : 'ALL';
  const requestId = d.guid(d.chars(HEX, 12));
  const location = `{"City":${city.city},"Country":${city.country},"Latitude":${oneDecimal(city.lat)},"Longitude":${oneDecimal(city.long)},"PostalCode":${city.postal},"Region":${city.region}}`;
  const appVersion = `${1 + d.int(5)}.${d.int(20)}.${d.int(10)}`;
  const demographic = `{"AppVersion":"${appVersion}","Locale":${city.locale},${device},${platform},"Timezone":${city.tz}}`;
  const interests = [...new Set(Array.from({ length: 1 + d.int(3) }, () => d.pick(INTERESTS_JSON)))];
  const attributes = `{"Interests":[${interests.join(',')}],"Plan":[${d.pick(PLANS_JSON)}],"SignupSource":[${d.pick(SOURCES_JSON)}]}`;
  const metrics = `{"appOpens":${1 + d.int(500)},"purchases":${d.int(40)},"lifetimeValue":${d.int(200_000) / 100}}`;
  const user = `{"UserId":"user-${d.chars(HEX, 12)}","UserAttributes":{"FirstName":[${first}],"LastName":[${last}],"MembershipTier":[${d.pick(TIERS_JSON)}]}}`;
  const id = d.guid(n.toString(16).padStart(12, '0')); // the line's index makes it unique in the export
  return `{"ChannelType":"${channel}","Address":"${address}","EndpointStatus":"${status}","OptOut":"${optOut}","RequestId":"${requestId}","Location":${location},"Demographic":${demographic},"EffectiveDate":"${new Date(effective).toISOString()}","Attributes":${attributes},"Metrics":${metrics},"User":${user},"ApplicationId":${json(job.ApplicationId)},"Id":"${id}","CohortId":"${d.int(100)}","CreationDate":"${new Date(creation).toISOString()}"}`;
}

function pickChannel(roll: number): ChannelType {
  const target = roll * CHANNEL_TOTAL;
  return CHANNEL_UPTO.find(([, upto]) => target < upto)?.[0] ?? 'EMAIL';
}
