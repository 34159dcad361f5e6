// Every bound the sandbox enforces, stated once. The code, the tests and the generated OpenAPI
// document import them from here; the prose of docs/ quotes them.

/** API Gateway's payload limit in front of Pinpoint; larger bodies get a 413, counted as they stream. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Smithy's `integer` is a signed 32-bit value. */
export const INT32_MAX = 2_147_483_647;

/** "one for each of the first 100 entries that weren't processed" (ExportJobResponse.Failures). */
export const MAX_FAILURES = 100;

/** The longest value any harness header may carry. */
export const MAX_HEADER_VALUE_LENGTH = 1024;

/** x-mock-error-attempts: 1 to this. */
export const MAX_ERROR_ATTEMPTS = 100;

/** x-mock-seed: this many printable ASCII characters at most. */
export const MAX_SEED_LENGTH = 128;

/** x-mock-delay: the default of MOCK_DELAY_CAP_MS, and the most that setting may raise it to. */
export const DEFAULT_DELAY_CAP_MS = 10_000;
export const MAX_DELAY_CAP_MS = 60_000;

/** x-mock-progression's bounds. */
export const PROGRESSION = {
  maxDurationS: 31_536_000, // one year
  defaultPieces: 10,
  maxPieces: 10_000,
  endpointsPerPiece: 100, // the default of `endpoints`, per piece
  maxEndpoints: INT32_MAX,
} as const;

/** The latest instant a harness header may name: keeps toISOString() four-digit. */
export const LATEST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** SigV4: how far a request's x-amz-date may be from the server's clock, either way. */
export const MAX_SIGNATURE_SKEW_MS = 15 * 60 * 1000;

/** SigV4: the longest X-Amz-Expires a presigned URL may ask for (seven days, as AWS allows). */
export const MAX_PRESIGNED_EXPIRES_S = 604_800;

/** SigV4: the longest access key id a credential may name (IAM's bound); each is its own tenant. */
export const MAX_ACCESS_KEY_ID_LENGTH = 128;

/** SigV4: the longest region or service name a credential scope may name. */
export const MAX_SCOPE_PART_LENGTH = 64;

/** How many harness messages an error's text shows of a bad value before cutting it. */
export const SHOWN_VALUE_LENGTH = 64;

/** How much of a path no operation has its 404's message shows before cutting it (a job path is at most 157). */
export const SHOWN_PATH_LENGTH = 200;

/** GetExportJobs and GetSegmentExportJobs: `page-size` when absent, and the most it may ask for. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Created jobs a tenant may hold at once (TENANT_MAX_JOBS, up to the second figure); past it, CreateExportJob is a 429. */
export const DEFAULT_TENANT_MAX_JOBS = 1000;
export const MAX_TENANT_MAX_JOBS = 100_000;

/** How long a tenant's state outlives its last request (TENANT_TTL_S), and the most it may be set to. */
export const DEFAULT_TENANT_TTL_S = 86_400;
export const MAX_TENANT_TTL_S = 30 * 86_400;

/** The life of a created job when neither x-mock-progression nor the tenant's defaults say otherwise. */
export const DEFAULT_CREATED_LIFE = { durationMs: 10_000, outcome: 'COMPLETED', pieces: PROGRESSION.defaultPieces } as const;

/** The isolate's cache of what it read from KV: how long it reuses a job (JOB_CACHE_TTL_MS, its
 *  staleness window) and how many it keeps (JOB_CACHE_MAX_ENTRIES); defaults and most. */
export const DEFAULT_JOB_CACHE_TTL_MS = 1_000;
export const MAX_JOB_CACHE_TTL_MS = 3_600_000;
export const DEFAULT_JOB_CACHE_MAX_ENTRIES = 1_000;
export const MAX_JOB_CACHE_MAX_ENTRIES = 100_000;

/** KV's own edge cache (KV_CACHE_TTL_S): default, Cloudflare's minimum, and the most. */
export const DEFAULT_KV_CACHE_TTL_S = 60;
export const MIN_KV_CACHE_TTL_S = 30;
export const MAX_KV_CACHE_TTL_S = 86_400;

/** The hosted sandbox's rate limit (wrangler.toml [[ratelimits]], RATE_LIMIT_PERIOD_S): requests
 *  per client per period, and the period, which Cloudflare allows to be 10 or 60 seconds. */
export const RATE_LIMIT_REQUESTS = 600;
export const DEFAULT_RATE_LIMIT_PERIOD_S = 60;
export const MIN_RATE_LIMIT_PERIOD_S = 10;
export const MAX_RATE_LIMIT_PERIOD_S = 60;

/** The request journal: entries a tenant keeps (JOURNAL_MAX_ENTRIES, up to the second figure;
 *  the oldest go first), how much of a body an entry keeps, and a page of GET /_sandbox/requests. */
export const DEFAULT_JOURNAL_MAX_ENTRIES = 2000;
export const MAX_JOURNAL_MAX_ENTRIES = 50_000;
export const JOURNAL_BODY_BYTES = 8 * 1024;
export const DEFAULT_JOURNAL_PAGE = 100;
export const MAX_JOURNAL_PAGE = 1000;
/** How long an isolate gathers journal entries of a tenant before writing them in one call. */
export const JOURNAL_FLUSH_MS = 5;
/** How long a journal read, clear or reset waits for the batches of entries that the isolates announced before it to be written. */
export const JOURNAL_READ_WAIT_MS = 1_000;

/** Attempts counted by the tenant (no amz-sdk-request): a call's tries are the same request
 *  again within this long of the last; after it, the next request is attempt 1. */
export const ATTEMPT_QUIET_MS = 30_000;

/** S3 export delivery. An object is generated on its first read, then kept (OBJECT_CACHE_BYTES):
 *  its ETag and size need one pass over its gzip bytes, about 18 µs of CPU a line in one isolate
 *  (≈930 bytes of JSON, ≈6:1 gzip; npm run bench's first read: generating and encoding a line 7.8 µs,
 *  CompressionStream's gzip 9.1, MD5 1.1), so a first read of a piece of
 *  MAX_PIECE_ENDPOINTS lines takes a few seconds, within a Worker's 30 s CPU budget, and an export
 *  of MAX_EXPORT_ENDPOINTS in its default 10 pieces is of that size. Above either,
 *  CreateExportJob is a 400 and a fixture or progression naming more is refused. */
export const MAX_EXPORT_ENDPOINTS = 1_000_000;
export const MAX_PIECE_ENDPOINTS = 100_000;
/** What an exported object's line costs to generate, gzip and hash, in µs of CPU (`npm run bench`'s
 *  S3 rows, local workerd), and the deployed Worker's CPU limit (wrangler.toml's limits.cpu_ms) sized
 *  from it: twice the costliest request, the first listing of the largest export, which measures
 *  MAX_EXPORT_ENDPOINTS lines. */
export const OBJECT_CPU_US_PER_LINE = 20;
export const DEPLOY_CPU_MS = (2 * MAX_EXPORT_ENDPOINTS * OBJECT_CPU_US_PER_LINE) / 1000;
/** An application's explicit endpoints in a fixture: at most this many (one KV value holds them). */
export const MAX_FIXTURE_ENDPOINTS = 10_000;
/** ListObjects / ListObjectsV2: max-keys when absent, and the most a page holds whatever it asks. */
export const S3_MAX_KEYS = 1000;
/** DeleteObjects: the most keys one request may name. */
export const S3_MAX_DELETE_KEYS = 1000;
/** The objects one tenant may have deleted from its view at once; a delete past it is a 503 SlowDown
 *  until the tenant is reset or expires (deletes are rows of its Durable Object, never removals). */
export const TENANT_MAX_DELETED_OBJECTS = 10_000;
/** The isolate's cache of generated objects (exports/object-cache.ts): the most bytes of gzip it
 *  keeps in all (the oldest read go first), and the largest object it keeps; a larger one is
 *  generated again on each read (its size and ETag are remembered) and a Range of it streams. */
export const OBJECT_CACHE_BYTES = 32 * 1024 * 1024;
export const OBJECT_CACHE_MAX_OBJECT_BYTES = 8 * 1024 * 1024;
/** How many objects' size and ETag the isolate remembers, whatever their size. */
export const OBJECT_CACHE_MAX_MEASURED = 10_000;

/** The local sandbox's copies of the Worker (startSandbox's `isolates`, the CLI's --isolates), each
 *  its own isolate as on the hosted URL: at most this many (each adds memory and a share of the start). */
export const MAX_ISOLATES = 16;
