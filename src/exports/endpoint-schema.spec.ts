import { describe, expect, it } from 'vitest';
import { MAX_FIXTURE_ENDPOINTS } from '../limits';
import { endpointsOfExport, readEndpointFixture } from './endpoint-schema';

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
    for (const value of [[], 'text', null]) {
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
