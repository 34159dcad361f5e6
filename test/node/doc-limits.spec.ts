// The limits the docs state in prose agree with their constants (src/limits.ts): each row is a
// statement, its figures written as #, and what they must be. A row whose statement no longer
// appears fails too, so a reworded sentence is brought back under the check, not lost from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ATTEMPT_QUIET_MS,
  DEFAULT_CREATED_LIFE,
  DEFAULT_DELAY_CAP_MS,
  DEFAULT_JOB_CACHE_MAX_ENTRIES,
  DEFAULT_JOB_CACHE_TTL_MS,
  DEFAULT_JOURNAL_MAX_ENTRIES,
  DEFAULT_JOURNAL_PAGE,
  DEFAULT_KV_CACHE_TTL_S,
  DEFAULT_PAGE_SIZE,
  DEFAULT_RATE_LIMIT_PERIOD_S,
  DEFAULT_TENANT_MAX_JOBS,
  DEPLOY_CPU_MS,
  JOURNAL_BODY_BYTES,
  JOURNAL_FLUSH_MS,
  JOURNAL_READ_WAIT_MS,
  MAX_ACCESS_KEY_ID_LENGTH,
  MAX_BODY_BYTES,
  MAX_DELAY_CAP_MS,
  MAX_ERROR_ATTEMPTS,
  MAX_EXPORT_ENDPOINTS,
  MAX_FAILURES,
  MAX_HEADER_VALUE_LENGTH,
  MAX_ISOLATES,
  MAX_JOURNAL_PAGE,
  MAX_PAGE_SIZE,
  MAX_SEED_LENGTH,
  MAX_SIGNATURE_SKEW_MS,
  MIN_KV_CACHE_TTL_S,
  OBJECT_CPU_US_PER_LINE,
  PROGRESSION,
  RATE_LIMIT_REQUESTS,
} from '../../src/limits';

const KIB = 1024;
const MIB = 1024 * KIB;

/** [file, statement with # for each figure, the figures]; a space matches any run of whitespace (lines wrap). */
const STATEMENTS: [file: string, statement: string, figures: number[]][] = [
  [
    'README.md',
    'exactly **# seconds** after its creation, with # pieces',
    [DEFAULT_CREATED_LIFE.durationMs / 1000, DEFAULT_CREATED_LIFE.pieces],
  ],
  ['README.md', 'at most # created jobs (`TENANT_MAX_JOBS`)', [DEFAULT_TENANT_MAX_JOBS]],
  ['README.md', '`page-size` is 1 to #, # by default', [MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE]],
  ['README.md', '| `1`–`#` | only attempts', [MAX_ERROR_ATTEMPTS]],
  ['README.md', '1–# printable ASCII characters', [MAX_SEED_LENGTH]],
  ['README.md', '`MOCK_DELAY_CAP_MS` (# by default', [DEFAULT_DELAY_CAP_MS]],
  ['README.md', 'or until # seconds pass without one (`ATTEMPT_QUIET_MS`)', [ATTEMPT_QUIET_MS / 1000]],
  ['README.md', '`limit`, # by default, # at most', [DEFAULT_JOURNAL_PAGE, MAX_JOURNAL_PAGE]],
  ['README.md', 'the first # KiB of `body`', [JOURNAL_BODY_BYTES / KIB]],
  ['README.md', 'the newest # entries (`JOURNAL_MAX_ENTRIES`)', [DEFAULT_JOURNAL_MAX_ENTRIES]],
  ['README.md', '(1 to #, in the type)', [MAX_ERROR_ATTEMPTS]],
  ['README.md', '(# requests a minute per client)', [RATE_LIMIT_REQUESTS]],
  ['README.md', 'Any key id SigV4 allows (up to # characters', [MAX_ACCESS_KEY_ID_LENGTH]],
  ['docs/api.md', '`TENANT_MAX_JOBS` (#)', [DEFAULT_TENANT_MAX_JOBS]],
  ['docs/api.md', '(key id up to # characters)', [MAX_ACCESS_KEY_ID_LENGTH]],
  ['docs/api.md', 'a whole number from 1 to # (# when absent)', [MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE]],
  ['docs/api.md', 'a request body over # MiB (# bytes)', [MAX_BODY_BYTES / MIB, MAX_BODY_BYTES]],
  [
    'docs/harness.md',
    '# characters per header, 1 to # attempts, a seed of 1 to # printable ASCII characters',
    [MAX_HEADER_VALUE_LENGTH, MAX_ERROR_ATTEMPTS, MAX_SEED_LENGTH],
  ],
  ['docs/harness.md', '`MOCK_DELAY_CAP_MS` (# by default, at most #)', [DEFAULT_DELAY_CAP_MS, MAX_DELAY_CAP_MS]],
  ['docs/harness.md', 'a progression of at most # pieces', [PROGRESSION.maxPieces]],
  ['docs/harness.md', '`pieces` (1–#, default #)', [PROGRESSION.maxPieces, PROGRESSION.defaultPieces]],
  ['docs/harness.md', '`endpoints` (default # per piece)', [PROGRESSION.endpointsPerPiece]],
  ['docs/harness.md', '`duration` is 0 to # seconds', [PROGRESSION.maxDurationS]],
  ['docs/harness.md', 'lists the first `min(#, TotalFailures)` failed', [MAX_FAILURES]],
  [
    'docs/security.md',
    'bounded (# jobs, # journal entries of at most # KiB of body each)',
    [DEFAULT_TENANT_MAX_JOBS, DEFAULT_JOURNAL_MAX_ENTRIES, JOURNAL_BODY_BYTES / KIB],
  ],
  ['docs/security.md', 'the first # KiB of a body are kept', [JOURNAL_BODY_BYTES / KIB]],
  ['docs/security.md', '`MOCK_DELAY_CAP_MS` (# s;', [DEFAULT_DELAY_CAP_MS / 1000]],
  ['docs/security.md', '# characters per header', [MAX_HEADER_VALUE_LENGTH]],
  ['docs/security.md', 'at most # `Failures` entries, # pieces', [MAX_FAILURES, PROGRESSION.maxPieces]],
  ['docs/security.md', 'Request bodies over # MiB', [MAX_BODY_BYTES / MIB]],
  ['docs/security.md', 'may send # requests a minute', [RATE_LIMIT_REQUESTS]],
  ['docs/security.md', '`Retry-After: #`', [DEFAULT_RATE_LIMIT_PERIOD_S]],
  ['docs/security.md', 'dated within # minutes of the server', [MAX_SIGNATURE_SKEW_MS / 60_000]],
  ['src/tenants/storage-schema.md', '(`JOB_CACHE_TTL_MS`, # s)', [DEFAULT_JOB_CACHE_TTL_MS / 1000]],
  ['src/tenants/storage-schema.md', '`JOB_CACHE_MAX_ENTRIES` (#)', [DEFAULT_JOB_CACHE_MAX_ENTRIES]],
  ['src/tenants/storage-schema.md', "`KV_CACHE_TTL_S` (# s, KV's minimum is #)", [DEFAULT_KV_CACHE_TTL_S, MIN_KV_CACHE_TTL_S]],
  ['src/tenants/storage-schema.md', '`TENANT_MAX_JOBS` (#)', [DEFAULT_TENANT_MAX_JOBS]],
  ['src/tenants/storage-schema.md', '`JOURNAL_MAX_ENTRIES` (#)', [DEFAULT_JOURNAL_MAX_ENTRIES]],
  ['src/tenants/storage-schema.md', 'the first # KiB of a body', [JOURNAL_BODY_BYTES / KIB]],
  ['src/tenants/storage-schema.md', 'starts over # s (`ATTEMPT_QUIET_MS`)', [ATTEMPT_QUIET_MS / 1000]],
  ['docs/deploy.md', '`wrangler.toml` sets `[limits] cpu_ms = #`', [DEPLOY_CPU_MS]],
  ['docs/deploy.md', 'about # µs of CPU a line', [OBJECT_CPU_US_PER_LINE]],
  ['docs/deploy.md', 'the first listing of the largest export (# endpoints', [MAX_EXPORT_ENDPOINTS]],
  ['docs/isolates.md', "the CLI's `--isolates 4` (1 to #; 1 by default)", [MAX_ISOLATES]],
  ['docs/isolates.md', 'waits (up to # s, `JOURNAL_READ_WAIT_MS`)', [JOURNAL_READ_WAIT_MS / 1000]],
  ['docs/isolates.md', 'the entries of its last # ms (`JOURNAL_FLUSH_MS`)', [JOURNAL_FLUSH_MS]],
];

/** The statement as a pattern: its text literal, any whitespace for a space, a figure (digits with thousands commas) for #. */
const patternOf = (statement: string) =>
  new RegExp(
    statement
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/ /g, '\\s+')
      .replace(/#/g, '(\\d[\\d,]*(?:\\.\\d+)?)'),
    'g',
  );

describe('the limits the docs state', () => {
  it.each(STATEMENTS)('%s: "%s" states %j', (file, statement, figures) => {
    const found = [...readFileSync(file, 'utf8').matchAll(patternOf(statement))];
    expect(found.length, `"${statement}" no longer appears in ${file}: update this table with the doc`).toBeGreaterThan(0);
    for (const match of found) expect(match.slice(1).map((figure) => Number(figure.replace(/,/g, '')))).toEqual(figures);
  });
});
