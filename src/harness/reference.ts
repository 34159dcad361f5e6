// The harness headers as public contract: grammar, an example and what each does. One table
// for the landing page, `GET /` as JSON and the OpenAPI document.
import { ERROR_STATUSES } from '../errors';
import { FAULTS, MAX_ERROR_ATTEMPTS, MAX_VALUE_LENGTH, SEED_RULE } from './parse';
import { PROGRESSION_GRAMMAR } from './progression-header';

interface HeaderReference {
  name: string;
  grammar: string;
  example: string;
  effect: string;
}

export const HARNESS_REFERENCE: readonly HeaderReference[] = [
  {
    name: 'x-mock-error',
    grammar: `<status> | <ExceptionName>: ${ERROR_STATUSES}`,
    example: 'TooManyRequestsException',
    effect: 'Answer with that error instead of the job, in the shape and headers of a real one.',
  },
  {
    name: 'x-mock-error-message',
    grammar: `text, at most ${MAX_VALUE_LENGTH} characters`,
    example: 'Rate exceeded',
    effect: "Sets the injected error's Message.",
  },
  {
    name: 'x-mock-error-attempts',
    grammar: `1 to ${MAX_ERROR_ATTEMPTS}`,
    example: '2',
    effect: 'Only attempts 1..n fail; the attempt is read from amz-sdk-request (attempt=<k>; max=<m>), else 1.',
  },
  { name: 'x-mock-error-rate', grammar: '0 to 1', example: '0.25', effect: 'The injected error happens with this probability.' },
  {
    name: 'x-mock-seed',
    grammar: SEED_RULE,
    example: 'run-42',
    effect: 'Makes rate and delay deterministic: decided from the seed, amz-sdk-invocation-id and the attempt.',
  },
  {
    name: 'x-mock-delay',
    grammar: '<ms> | <min>-<max>, at most MOCK_DELAY_CAP_MS (10000)',
    example: '250-1500',
    effect: 'Wait before answering.',
  },
  {
    name: 'x-mock-fault',
    grammar: FAULTS.join(' | '),
    example: 'truncated-json',
    effect: 'A 200 whose body is broken that way.',
  },
  {
    name: 'x-mock-now',
    grammar: 'ISO 8601 with a zone | epoch milliseconds',
    example: '2026-11-01T00:04:00Z',
    effect: 'The virtual clock for this request.',
  },
  {
    name: 'x-mock-progression',
    grammar: PROGRESSION_GRAMMAR,
    example: 'start=2026-11-01T00:00:00Z; duration=600; outcome=FAILED; pieces=20',
    effect: 'The job as it stands at now in a simulated life from start to start + duration; 404 before start.',
  },
  { name: 'prefer', grammar: 'code=<status>', example: 'code=429', effect: "Stoplight Prism's convention: an alias for x-mock-error." },
];
