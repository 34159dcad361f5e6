// npm run python:contract: the Python plugin's copy of what the Worker and the npm package own
// (the package's version and Node.js range, the harness options and their grammar's bounds, the
// admin API's paths, filters and defaults), written as JSON into the plugin's sources, where its
// build takes the version and its harness reads the grammar. Generated, never edited: a test
// (test/node/python-contract.spec.ts) fails when the committed file is not what this writes, and
// another runs Python's checks and the Worker's parser on the same values.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HARNESS_OPTION_HEADERS, PROGRESSION_PARAMETERS } from '../node/harness-headers';
import { EPOCH_MS, ISO_8601 } from '../src/harness/instant';
import { DEPENDS_ON_ERROR, FAULTS, RATE, SEED } from '../src/harness/parse';
import { OUTCOMES } from '../src/harness/progression-header';
import { ERROR_CATALOGUE, ERROR_NAMES } from '../src/http/error-catalogue';
import { TENANT_HEADER } from '../src/http/reply';
import {
  LATEST_INSTANT_MS,
  MAX_DELAY_CAP_MS,
  MAX_ERROR_ATTEMPTS,
  MAX_HEADER_VALUE_LENGTH,
  MAX_JOURNAL_PAGE,
  PROGRESSION,
} from '../src/limits';
import { DEFAULTS_PATH, REQUESTS_PATH, RESET_PATH, S3_MOUNT } from '../src/routes/route-paths';
import { S3_ERROR_CODES, S3_ERROR_STATUSES } from '../src/s3/errors';
import { DefaultsSchema } from '../src/tenants/schema';

export const PYTHON_CONTRACT = 'python/src/pinpoint_export_sandbox/_contract.json';

/** camelCase to snake_case: the package's option names as Python spells them. */
export const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const options = Object.entries(HARNESS_OPTION_HEADERS);
const headerOption = new Map(options.map(([option, header]) => [header, snake(option)]));

export function pythonContract() {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
    name: string;
    version: string;
    engines: { node: string };
    bin: Record<string, string>;
  };
  return {
    generated: 'by npm run python:contract from the npm package; do not edit',
    version: pkg.version,
    npm_package: pkg.name,
    cli: Object.keys(pkg.bin)[0],
    node: pkg.engines.node,
    harness: {
      options: Object.fromEntries(options.map(([option, header]) => [snake(option), header])),
      needs_error: DEPENDS_ON_ERROR.map((header) => headerOption.get(header)),
      error_names: ERROR_NAMES,
      error_statuses: ERROR_NAMES.map((name) => ERROR_CATALOGUE[name].status),
      s3_error_codes: S3_ERROR_CODES,
      s3_error_statuses: S3_ERROR_STATUSES,
      max_text_length: MAX_HEADER_VALUE_LENGTH,
      max_error_attempts: MAX_ERROR_ATTEMPTS,
      rate_pattern: RATE.source,
      seed_pattern: SEED.source,
      max_delay_ms: MAX_DELAY_CAP_MS,
      faults: FAULTS,
      instant: { iso_pattern: ISO_8601.source, epoch_ms_pattern: EPOCH_MS.source, latest_ms: LATEST_INSTANT_MS },
      progression: {
        members: Object.fromEntries(Object.entries(PROGRESSION_PARAMETERS).map(([member, parameter]) => [snake(member), parameter])),
        required: ['duration_s', 'outcome'],
        outcomes: OUTCOMES,
        max_duration_s: PROGRESSION.maxDurationS,
        max_pieces: PROGRESSION.maxPieces,
        max_endpoints: PROGRESSION.maxEndpoints,
      },
    },
    admin: {
      requests: REQUESTS_PATH,
      reset: RESET_PATH,
      defaults: DEFAULTS_PATH,
      tenant_header: TENANT_HEADER,
      max_page: MAX_JOURNAL_PAGE,
      defaults_members: Object.fromEntries(Object.keys(DefaultsSchema.entries).map((member) => [snake(member), member])),
    },
    s3_mount: S3_MOUNT,
  };
}

export const contractText = (): string => `${JSON.stringify(pythonContract(), null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(PYTHON_CONTRACT, contractText());
  console.log(`wrote ${PYTHON_CONTRACT}`);
}
