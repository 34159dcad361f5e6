import { describe, expect, it } from 'vitest';
import { ID_RULE } from '../jobs/ids';
import { MAX_FIXTURE_ENDPOINTS } from '../limits';
import { CHANNEL_TYPES, endpointsOfExport, readEndpointFixture } from './endpoint-schema';

const endpoint = (Id: string, extra: object = {}) => ({ Id, ChannelType: 'EMAIL', Address: `${Id}@example.com`, ...extra });

describe('a fixture of explicit endpoints', () => {
  const good = { ApplicationId: 'app1', Endpoints: [endpoint('a'), endpoint('b'), endpoint('c')], Segments: { vip: ['c', 'a'] } };

  it('is read whole, and selects the application’s or a segment’s endpoints', () => {
    const read = readEndpointFixture(good);
    if (!('fixture' in read)) throw new Error(JSON.stringify(read.problems));
    expect(endpointsOfExport(read.fixture)?.map((e) => e.Id)).toEqual(['a', 'b', 'c']);
    expect(endpointsOfExport(read.fixture, 'vip')?.map((e) => e.Id)).toEqual(['c', 'a']);
    expect(endpointsOfExport(read.fixture, 'nope')).toBeUndefined();
  });

  it('is refused whole, every problem named by its path', () => {
    const bad = {
      ApplicationId: 'app1',
      Endpoints: [
        endpoint('a'),
        endpoint('a'),
        endpoint('b', { ChannelType: 'SMS' }),
        endpoint('c', { ApplicationId: 'other' }),
        endpoint('d', { CohortId: '100', Location: { Country: 'usa' }, Surprise: 1 }),
      ],
      Segments: { vip: ['a', 'zz', 'a'] },
    };
    expect(readEndpointFixture(bad)).toEqual({
      problems: [
        { path: '$.Endpoints[2].Address', reason: 'must be an E.164 phone number, e.g. +14155550100 for ChannelType SMS' },
        { path: '$.Endpoints[4].CohortId', reason: 'must be "0" to "99"' },
        { path: '$.Endpoints[4].Location.Country', reason: 'must be an ISO 3166-1 alpha-2 country code, e.g. US' },
        { path: '$.Endpoints[4].Surprise', reason: 'is not a member of this shape' },
      ],
    });
    // Once every endpoint is well formed, the checks across them: ids, ApplicationId, segments.
    bad.Endpoints.splice(2, 1, endpoint('b'));
    bad.Endpoints.splice(4, 1, endpoint('d'));
    expect(readEndpointFixture(bad)).toEqual({
      problems: [
        { path: '$.Endpoints[1].Id', reason: 'repeats the endpoint id "a"' },
        { path: '$.Endpoints[3].ApplicationId', reason: 'must be the fixture\'s ApplicationId, "app1"' },
        { path: '$.Segments.vip[1]', reason: 'names "zz", which is not an endpoint of this fixture' },
        { path: '$.Segments.vip[2]', reason: 'repeats "a"' },
      ],
    });
  });

  it('names a missing member and a fixture that is not an object', () => {
    expect(readEndpointFixture({ ApplicationId: 'a', Endpoints: [{ ChannelType: 'EMAIL' }] })).toEqual({
      problems: [{ path: '$.Endpoints[0].Id', reason: 'is required but missing' }],
    });
    for (const value of [[], 'text', null, undefined]) {
      expect(readEndpointFixture(value)).toEqual({ problems: [{ path: '$', reason: expect.stringMatching(/^must be an object: /) }] });
    }
  });

  it(`holds 1 to ${MAX_FIXTURE_ENDPOINTS} endpoints`, () => {
    expect(readEndpointFixture({ ApplicationId: 'a', Endpoints: [] })).toEqual({
      problems: [{ path: '$.Endpoints', reason: 'must hold at least one endpoint' }],
    });
    const many = Array.from({ length: MAX_FIXTURE_ENDPOINTS + 1 }, (_, i) => endpoint(`e${i}`));
    expect(readEndpointFixture({ ApplicationId: 'a', Endpoints: many })).toEqual({
      problems: [{ path: '$.Endpoints', reason: `must hold at most ${MAX_FIXTURE_ENDPOINTS} endpoints` }],
    });
  });
});

describe('what a fixture’s endpoint is told', () => {
  const problemsOf = (extra: object) => {
    const read = readEndpointFixture({ ApplicationId: 'app1', Endpoints: [{ Id: 'e', ...extra }] });
    return 'problems' in read ? read.problems : [];
  };

  it.each([
    [{ RequestId: 1 }, '$.Endpoints[0].RequestId', 'must be a string'],
    [{ Demographic: { Make: 1 } }, '$.Endpoints[0].Demographic.Make', 'must be a string'],
    [{ CreationDate: 'yesterday' }, '$.Endpoints[0].CreationDate', 'must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00.000Z'],
    [{ Attributes: { team: 'a' } }, '$.Endpoints[0].Attributes.team', 'must be a list of strings'],
    [{ Attributes: 'a' }, '$.Endpoints[0].Attributes', 'must be a map of string to list of strings'],
    [
      { ApplicationId: 'a'.repeat(65) },
      '$.Endpoints[0].ApplicationId',
      `must be ${ID_RULE}`,
      'must be the fixture\'s ApplicationId, "app1"',
    ],
    [{ ChannelType: 'FAX' }, '$.Endpoints[0].ChannelType', `must be one of ${CHANNEL_TYPES.join(', ')}`],
    [{ EndpointStatus: 'active' }, '$.Endpoints[0].EndpointStatus', 'must be ACTIVE or INACTIVE'],
    [{ Id: '' }, '$.Endpoints[0].Id', 'must not be empty'],
    [{ Id: 'i'.repeat(257) }, '$.Endpoints[0].Id', 'must be at most 256 characters'],
    [{ Metrics: { score: '1' } }, '$.Endpoints[0].Metrics.score', 'must be a number'],
    [{ Metrics: 'x' }, '$.Endpoints[0].Metrics', 'must be a map of string to number'],
    [{ Metrics: [] }, '$.Endpoints[0].Metrics', 'must be a map of string to number'], // valibot's record alone takes an array
    [{ Attributes: [] }, '$.Endpoints[0].Attributes', 'must be a map of string to list of strings'],
    [{ User: { UserAttributes: [] } }, '$.Endpoints[0].User.UserAttributes', 'must be a map of string to list of strings'],
    [{ User: [] }, '$.Endpoints[0].User', 'must be an object of User members'],
    [{ Demographic: [] }, '$.Endpoints[0].Demographic', 'must be an object of Demographic members'],
    [{ Location: [] }, '$.Endpoints[0].Location', 'must be an object of Location members'],
    [{ OptOut: 'SOME' }, '$.Endpoints[0].OptOut', 'must be ALL or NONE'],
    [{ Demographic: { Locale: 'en_USA' } }, '$.Endpoints[0].Demographic.Locale', 'must be a locale such as en_US'],
    [{ Demographic: { Locale: '1en' } }, '$.Endpoints[0].Demographic.Locale', 'must be a locale such as en_US'],
    [{ Demographic: { Timezone: 'UTC+1' } }, '$.Endpoints[0].Demographic.Timezone', 'must be a tz database name, e.g. America/New_York'],
    [{ Demographic: { Timezone: 'xUTC' } }, '$.Endpoints[0].Demographic.Timezone', 'must be a tz database name, e.g. America/New_York'],
    [{ Location: { Latitude: 90.5 } }, '$.Endpoints[0].Location.Latitude', 'must be from -90 to 90'],
    [{ Location: { Latitude: -91 } }, '$.Endpoints[0].Location.Latitude', 'must be from -90 to 90'],
    [{ Location: { Longitude: 181 } }, '$.Endpoints[0].Location.Longitude', 'must be from -180 to 180'],
    [{ Location: { Longitude: '0' } }, '$.Endpoints[0].Location.Longitude', 'must be a number'],
    [{ Location: { Country: 'USA' } }, '$.Endpoints[0].Location.Country', 'must be an ISO 3166-1 alpha-2 country code, e.g. US'],
    [{ Location: { Country: 'xUS' } }, '$.Endpoints[0].Location.Country', 'must be an ISO 3166-1 alpha-2 country code, e.g. US'],
  ])('%j: %s %s', (extra, path, ...reasons) => {
    expect(problemsOf(extra)).toEqual(reasons.map((reason) => ({ path, reason })));
  });

  it.each([
    { Demographic: { Locale: 'en' } },
    { Demographic: { Locale: 'fil_PH', Timezone: 'UTC' } },
    { Demographic: { Timezone: 'America/Argentina/Buenos_Aires' } },
    { Demographic: { Timezone: 'America/Indiana/Indianapolis' } },
    { Demographic: { Timezone: 'Etc/GMT+5' } },
    { Demographic: { Timezone: 'Etc/GMT-14' } },
    { Demographic: { Timezone: 'GMT' } },
    { Location: { Latitude: -90, Longitude: 180, Country: 'US' } },
    { Location: { Latitude: 90, Longitude: -180 } },
    { ApplicationId: 'app1' }, // the fixture's own
    { Address: 'anything at all' }, // no ChannelType: no rule to hold it to
    { ChannelType: 'SMS' }, // no Address
    { Id: 'i'.repeat(256), Metrics: { score: 1.5 }, Attributes: { team: ['a', 'b'] }, OptOut: 'ALL', EndpointStatus: 'INACTIVE' },
  ])('takes %j', (extra) => {
    expect(problemsOf(extra)).toEqual([]);
  });

  // An Address as Pinpoint takes it for each channel: the whole of it, at the bounds.
  it.each([
    [
      'EMAIL',
      'a.b+c@mail.example.com',
      ['a b@example.com', 'a@example.com!', 'a@example', `${'a'.repeat(65)}@example.com`],
      'an e-mail address',
    ],
    [
      'SMS',
      '+14155550100',
      ['14155550100', '+14155550100x', 'x+14155550100', '+04155550100', '+123456'],
      'an E.164 phone number, e.g. +14155550100',
    ],
    [
      'APNS',
      'a'.repeat(64),
      [`${'a'.repeat(64)}g`, `g${'a'.repeat(64)}`, 'A'.repeat(64), 'a'.repeat(63)],
      'an APNs device token (64 hex digits)',
    ],
    [
      'GCM',
      'aZ0:_-+/=.'.repeat(2),
      ['a'.repeat(15), `${'a'.repeat(16)}!`, `!${'a'.repeat(16)}`, 'a'.repeat(4097)],
      'a push token (16 or more of A-Z a-z 0-9 : _ - + / = .)',
    ],
    ['CUSTOM', 'x'.repeat(1024), [' x', '', 'x'.repeat(1025)], 'a non-empty address'],
  ])('%s takes %j and refuses %j', (channel, good, bad, rule) => {
    expect(problemsOf({ ChannelType: channel, Address: good })).toEqual([]);
    for (const Address of bad)
      expect(problemsOf({ ChannelType: channel, Address })).toEqual([
        { path: '$.Endpoints[0].Address', reason: `must be ${rule} for ChannelType ${channel}` },
      ]);
  });

  it.each([
    [{ ApplicationId: 'app 1' }, '$.ApplicationId', `must be ${ID_RULE}`],
    [{ Endpoints: 'e' }, '$.Endpoints', 'must be a list of EndpointResponse'],
    [{ Segments: { vip: 'e' } }, '$.Segments.vip', 'must be a list of endpoint ids'],
    [{ Segments: { 'v i p': ['e'] } }, '$.Segments.v i p', `must be ${ID_RULE}`],
    [{ Segments: 'vip' }, '$.Segments', 'must map segment ids to lists of endpoint ids'],
  ])('a fixture with %j: %s %s', (change, path, reason) => {
    expect(readEndpointFixture({ ApplicationId: 'app1', Endpoints: [{ Id: 'e' }], ...change })).toEqual({ problems: [{ path, reason }] });
  });

  it('has no segment to export when it names none', () => {
    const read = readEndpointFixture({ ApplicationId: 'app1', Endpoints: [{ Id: 'e' }] });
    if (!('fixture' in read)) throw new Error(JSON.stringify(read.problems));
    expect(endpointsOfExport(read.fixture, 'vip')).toBeUndefined();
  });
});
