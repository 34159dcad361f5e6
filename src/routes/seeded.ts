// What the routes make of the fixture store's findings (jobs/fixture-store.ts): the store says
// what it found, and here each thing it could not give becomes the 500 a client gets.

import type { EndpointFixture } from '../exports/endpoint-schema';
import { ApiError } from '../http/errors';
import type { EndpointsLookup, IndexListing, JobRecord, Listing, Lookup, Unreadable } from '../jobs/fixture-store';
import type { IndexedExport } from '../jobs/kv-key';

const ANSWERS: { [K in Unreadable['kind']]: (found: Extract<Unreadable, { kind: K }>) => ApiError } = {
  invalid: ({ jobId, why }) => new ApiError('InternalServerErrorException', `The stored fixture for job ${jobId} is invalid: ${why}`),
  unavailable: () => new ApiError('InternalServerErrorException', 'The job could not be read from storage; retry the request.'),
  unlisted: () => new ApiError('InternalServerErrorException'),
};

const answer = (found: Unreadable): ApiError => (ANSWERS[found.kind] as (found: Unreadable) => ApiError)(found);

/** The seeded job, or null when none is seeded; throws the 500 for one that cannot be read. */
export function seededJob(lookup: Lookup): JobRecord | null {
  if (lookup.kind === 'found') return lookup.record;
  if (lookup.kind === 'absent') return null;
  throw answer(lookup);
}

/** The seeded jobs listed; throws the 500 for a listing, or one of its jobs, that cannot be read. */
export function seededJobs(listing: Listing): JobRecord[] {
  if (listing.kind === 'listed') return listing.records;
  throw answer(listing);
}

/** The application's explicit endpoints, or null when it has none; throws the 500 for a fixture that cannot be read. */
export function seededEndpoints(lookup: EndpointsLookup): EndpointFixture | null {
  if (lookup.kind === 'found') return lookup.fixture;
  if (lookup.kind === 'absent') return null;
  throw answer(lookup);
}

/** The seeded exports a bucket's index lists; throws the 500 when KV could not list it. */
export function seededIndex(listing: IndexListing): IndexedExport[] {
  if (listing.kind === 'listed') return listing.exports;
  throw answer(listing);
}
