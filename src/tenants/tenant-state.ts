// One tenant's state: a SQLite-backed Durable Object per tenant (the access key id and region
// of a request's SigV4 credential scope, or the anonymous tenant). It holds the jobs the
// tenant created, its defaults for new jobs, its request journal, and the counters behind
// attempts and seeded sequences. Each job's status is computed by the Worker from the stored
// life and the clock. Bounded in jobs (create answers `full` past the bound), in journal
// entries (the oldest go, and are counted), and in time: the tenant is cleared TENANT_TTL_S
// after its last call, by an alarm, and also on the next call when an alarm did not run
// (local dev may never fire one that is due). Every call goes through `run`: the expiry, then
// its reads and writes, in one transaction. Tables: storage-schema.md; their versions:
// migrations.ts, applied before the object takes its first call.
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { parsePieceKey, parseS3Url, piecesOf } from '../exports/pieces';
import type { Life } from '../harness/progression-header';
import { Invalid } from '../invalid';
import { type CreatedJob, defaultLife, type JobDraft, standingAt } from '../jobs/created';
import type { Cursor } from '../jobs/paging';
import { JOURNAL_READ_WAIT_MS } from '../limits';
import { migrate } from './migrations';
import type { Defaults, JournalEntry, JournalPage } from './schema';

/** What every call brings from the Worker. Its settings: the Worker reads them from the env it
 *  was called with, which need not be the one the object was made with (a test runs the Worker
 *  with its own vars; `this.env` would not see them). And the Worker's clock when it made the
 *  call (never x-mock-now, which changes only what an answer shows): one instant for a job's
 *  CreationDate and the expiry its create renews, and a time a test can choose. */
export interface Bounds {
  calledAtMs: number;
  ttlMs: number;
  maxJobs: number;
  maxJournal: number;
}

export type CreateResult = { job: CreatedJob } | { full: true };

/** A journal entry as recorded, before the journal numbers it. */
export type JournalRecord = Omit<JournalEntry, 'id'>;

export interface TallyAsk {
  attempt?: { key: string; failUpTo: number; quietMs: number };
  seed?: string;
}

export interface Tally {
  attempt?: number;
  sequence?: number;
}

export interface JournalQuery {
  limit: number;
  since: number | null; // epoch ms: entries that arrived then or later
  operation: string | null;
  status: number | null;
}

type Row = Record<string, SqlStorageValue>;

/** What an S3 request reads of a tenant in one call (bucketView). */
export interface BucketView {
  jobs: CreatedJob[];
  deleted: string[];
  inBucket: boolean;
}

/** Where a job exports: its bucket and its export's folder there (`<key prefix><id>/`), the
 *  columns S3 requests find it by (both null for a definition S3 would not take). */
const whereExported = (job: CreatedJob): { bucket: string | null; folder: string | null } => {
  const location = parseS3Url((JSON.parse(job.definition) as { S3UrlPrefix: string }).S3UrlPrefix);
  return location instanceof Invalid ? { bucket: null, folder: null } : { bucket: location.bucket, folder: `${location.prefix}${job.id}/` };
};

/** The least string greater than every string that starts with `prefix` (a folder's, ending in
 *  "/"): its last character made the next one. With `prefix`, the bounds of an index range. */
const pastPrefix = (prefix: string): string => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

/** The keys of the objects a created job's export holds at `now` in `bucket`. */
function createdObjectKeys(job: CreatedJob, bucket: string, now: number): string[] {
  const standing = standingAt(job, now);
  const location = standing && parseS3Url(standing.Definition.S3UrlPrefix);
  if (!standing || !location || location instanceof Invalid || location.bucket !== bucket) return [];
  return piecesOf(standing, location, job.id).map((piece) => piece.key);
}

const jobOf = (row: Row): CreatedJob => ({
  id: row.id as string,
  applicationId: row.application_id as string,
  segmentId: (row.segment_id as string | null) ?? null,
  createdMs: row.created_ms as number,
  definition: row.definition as string,
  durationMs: row.duration_ms as number,
  outcome: row.outcome as CreatedJob['outcome'],
  pieces: row.pieces as number,
  endpoints: row.endpoints as number,
});

const SETTLE_POLL_MS = 1;

/** The tables whose rows are counted against a bound. */
type Counted = 'jobs' | 'journal';

export class TenantState extends DurableObject<Env> {
  /** Journal batches announced by the isolates and not yet recorded, with when each was announced:
   *  kept in memory (the one instance of the object sees every isolate's calls), never stored. */
  private readonly announced = new Map<string, number>();

  /** The rows of `jobs` and `journal`, each counted once and then kept as calls add and drop
   *  rows: COUNT(*) reads a whole table, and create and every journal batch ask. Forgotten when
   *  a transaction fails, so that the next call counts again. */
  private held: Partial<Record<Counted, number>> = {};

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // No call is taken before the schema is current.
    void ctx.blockConcurrencyWhile(async () => {
      migrate(ctx.storage);
    });
  }

  /** Stores the job with `life`, or the tenant's default life (with `endpoints`, when an endpoints
   *  fixture sets how many it exports); unless the tenant already holds `maxJobs`. */
  create(draft: JobDraft, life: Life | null, bounds: Bounds, endpoints?: number): Promise<CreateResult> {
    return this.run(bounds, () => {
      const jobs = this.count('jobs');
      if (jobs >= bounds.maxJobs) return { full: true } as const;
      const job: CreatedJob = { ...draft, ...(life ?? defaultLife(this.defaults())), ...(endpoints === undefined ? {} : { endpoints }) };
      this.sql.exec(
        'INSERT INTO jobs (id, application_id, segment_id, created_ms, definition, duration_ms, outcome, pieces, endpoints, bucket, folder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        job.id,
        job.applicationId,
        job.segmentId,
        job.createdMs,
        job.definition,
        job.durationMs,
        job.outcome,
        job.pieces,
        job.endpoints,
        ...Object.values(whereExported(job)),
      );
      this.held.jobs = jobs + 1;
      return { job };
    });
  }

  find(applicationId: string, id: string, bounds: Bounds): Promise<CreatedJob | null> {
    return this.run(bounds, () => {
      const [row] = this.sql.exec('SELECT * FROM jobs WHERE application_id = ? AND id = ?', applicationId, id).toArray();
      return row ? jobOf(row) : null;
    });
  }

  /** Up to `limit` jobs of an application (and segment) created at or before `createdAtOrBefore`
   *  (epoch ms: a listing at an earlier x-mock-now leaves later ones out), after `after`, in listing order. */
  list(
    applicationId: string,
    segmentId: string | null,
    after: Cursor | null,
    limit: number,
    createdAtOrBefore: number,
    bounds: Bounds,
  ): Promise<CreatedJob[]> {
    const [ms, id] = after ? [after.createdMs, after.id] : [Number.MAX_SAFE_INTEGER, ''];
    return this.run(bounds, () =>
      this.sql
        .exec(
          `SELECT * FROM jobs WHERE application_id = ?1 AND (?2 IS NULL OR segment_id = ?2) AND created_ms <= ?6
             AND (created_ms < ?3 OR (created_ms = ?3 AND id < ?4))
           ORDER BY created_ms DESC, id DESC LIMIT ?5`,
          applicationId,
          segmentId,
          ms,
          id,
          limit,
          createdAtOrBefore,
        )
        .toArray()
        .map(jobOf),
    );
  }

  /** In one call, what an S3 request needs of this tenant in `bucket` at `now`: its jobs there
   *  created by then whose export folder (`{key prefix}{job Id}/`) starts with `folderPrefix`
   *  (one job when `jobId` is given), the keys under `folderPrefix` it deleted, and whether it
   *  has any job in the bucket at all (for NoSuchBucket). Read through the bucket's index. */
  bucketView(bucket: string, folderPrefix: string, jobId: string | null, now: number, bounds: Bounds): Promise<BucketView> {
    return this.run(bounds, () => {
      // Each through an index: one job by its id, or the folders under the prefix as a range of jobs_by_folder.
      const rows =
        jobId !== null
          ? this.sql.exec(
              'SELECT * FROM jobs WHERE id = ?1 AND bucket = ?2 AND folder = ?3 AND created_ms <= ?4',
              jobId,
              bucket,
              folderPrefix,
              now,
            )
          : folderPrefix === ''
            ? this.sql.exec('SELECT * FROM jobs WHERE bucket = ?1 AND created_ms <= ?2', bucket, now)
            : this.sql.exec(
                'SELECT * FROM jobs WHERE bucket = ?1 AND folder >= ?2 AND folder < ?3 AND created_ms <= ?4',
                bucket,
                folderPrefix,
                pastPrefix(folderPrefix),
                now,
              );
      const jobs = rows.toArray().map(jobOf);
      const deleted = (
        folderPrefix === ''
          ? this.sql.exec('SELECT key FROM deleted_objects WHERE bucket = ?1', bucket)
          : this.sql.exec(
              'SELECT key FROM deleted_objects WHERE bucket = ?1 AND key >= ?2 AND key < ?3',
              bucket,
              folderPrefix,
              pastPrefix(folderPrefix),
            )
      )
        .toArray()
        .map((row) => row.key as string);
      const inBucket =
        jobs.length > 0 ||
        this.sql.exec('SELECT 1 FROM jobs WHERE bucket = ? AND created_ms <= ? LIMIT 1', bucket, now).toArray().length > 0;
      return { jobs, deleted, inBucket };
    });
  }

  /** Hides those of `keys` that `bucket` holds in this tenant's view at `now` (`seededHeld`, the
   *  seeded objects among them, which the Worker found, and the objects of this tenant's jobs)
   *  from that view, all or none: `full` when that would take the tenant past `maxDeleted`
   *  deleted objects. A key the bucket does not hold is not recorded: an object written later
   *  under it shows. One call: the check and the write in one transaction. */
  deleteHeld(
    bucket: string,
    keys: readonly string[],
    seededHeld: readonly string[],
    now: number,
    maxDeleted: number,
    bounds: Bounds,
  ): Promise<{ full: boolean; inBucket: boolean }> {
    return this.run(bounds, () => {
      const ids = [...new Set(keys.flatMap((key) => parsePieceKey(key)?.jobId ?? []))];
      const held = new Set(seededHeld);
      for (const id of ids) {
        const [row] = this.sql.exec('SELECT * FROM jobs WHERE id = ? AND bucket = ? AND created_ms <= ?', id, bucket, now).toArray();
        if (row) for (const object of createdObjectKeys(jobOf(row), bucket, now)) held.add(object);
      }
      const inBucket = this.sql.exec('SELECT 1 FROM jobs WHERE bucket = ? AND created_ms <= ? LIMIT 1', bucket, now).toArray().length > 0;
      const present = [...new Set(keys.filter((key) => held.has(key)))];
      if (present.length === 0) return { full: false, inBucket };
      const known = this.sql.exec('SELECT COUNT(*) AS n FROM deleted_objects').one().n as number;
      if (known + present.length > maxDeleted) return { full: true, inBucket };
      for (const key of present) {
        this.sql.exec('INSERT OR IGNORE INTO deleted_objects (bucket, key, deleted_ms) VALUES (?, ?, ?)', bucket, key, bounds.calledAtMs);
      }
      return { full: false, inBucket };
    });
  }

  /** An isolate will record a batch of journal entries, named `batch`, whose requests it answers
   *  from now on: reads, clears and resets wait for it (settled). No storage: one quick call. */
  announce(batch: string): void {
    const now = Date.now();
    for (const [gone, at] of this.announced) if (at <= now - JOURNAL_READ_WAIT_MS) this.announced.delete(gone); // never recorded
    this.announced.set(batch, now);
  }

  /** Adds to the journal, dropping (and counting) the oldest entries past `maxJournal`, all in one
   *  transaction. Entries are recorded after their answers, so they may reach the object out of
   *  order: the journal is ordered by arrival (time, then the isolate's count of requests). */
  async record(entries: [JournalRecord, arrival: number][], bounds: Bounds, batch?: string): Promise<void> {
    try {
      await this.recorded(entries, bounds);
    } finally {
      if (batch !== undefined) this.announced.delete(batch);
    }
  }

  private recorded(entries: [JournalRecord, arrival: number][], bounds: Bounds): Promise<void> {
    return this.run(bounds, () => {
      const before = this.count('journal'); // before the inserts: kept, not counted again
      for (const [entry, arrival] of entries) {
        this.sql.exec(
          'INSERT INTO journal (at_ms, arrival, operation, status, entry) VALUES (?, ?, ?, ?, ?)',
          Date.parse(entry.at),
          arrival,
          entry.operation,
          entry.status,
          JSON.stringify(entry),
        );
      }
      const held = before + entries.length;
      const over = held - bounds.maxJournal;
      this.held.journal = Math.min(held, bounds.maxJournal); // the oldest past the bound go below
      if (over > 0) {
        this.sql.exec('DELETE FROM journal WHERE id IN (SELECT id FROM journal ORDER BY at_ms, arrival, id LIMIT ?)', over);
        this.sql.exec(
          "INSERT INTO tenant (key, value) VALUES ('evicted', ?) ON CONFLICT (key) DO UPDATE SET value = value + excluded.value",
          over,
        );
      }
    });
  }

  async journal(query: JournalQuery, bounds: Bounds): Promise<JournalPage> {
    await this.settled();
    return this.run(bounds, () => {
      const rows = this.sql
        .exec(
          `SELECT id, entry FROM journal WHERE (?1 IS NULL OR at_ms >= ?1) AND (?2 IS NULL OR operation = ?2) AND (?3 IS NULL OR status = ?3)
           ORDER BY at_ms, arrival, id LIMIT ?4`,
          query.since,
          query.operation,
          query.status,
          query.limit,
        )
        .toArray();
      const entries = rows.map((row) => ({ id: row.id as number, ...(JSON.parse(row.entry as string) as JournalRecord) }));
      return { entries, evicted: this.value('evicted') ?? 0 };
    });
  }

  async clearJournal(bounds: Bounds): Promise<void> {
    await this.settled();
    return this.run(bounds, () => {
      this.sql.exec("DELETE FROM journal; DELETE FROM tenant WHERE key = 'evicted';");
    });
  }

  getDefaults(bounds: Bounds): Promise<Defaults> {
    return this.run(bounds, () => this.defaults());
  }

  setDefaults(defaults: Defaults, bounds: Bounds): Promise<Defaults> {
    return this.run(bounds, () => {
      this.sql.exec(
        "INSERT INTO defaults (key, value) VALUES ('life', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        JSON.stringify(defaults),
      );
      return defaults;
    });
  }

  /** Clears jobs, journal, counters, defaults and deleted objects in one step; the tenant starts over. */
  async reset(bounds: Bounds): Promise<void> {
    await this.settled();
    return this.run(bounds, () => undefined, true);
  }

  /** Waits until the journal batches announced before this call are recorded, whichever isolate
   *  holds them, so that a read sees every request answered before it was sent, and a clear or a
   *  reset leaves none of them to land after it. A batch announced more than JOURNAL_READ_WAIT_MS
   *  ago is not waited for (its isolate is gone, or its write failed). Calls that arrive
   *  meanwhile are taken: the wait is on a timer, not on storage. */
  private async settled(): Promise<void> {
    const deadline = Date.now() + JOURNAL_READ_WAIT_MS;
    const before = [...this.announced].filter(([, at]) => at > Date.now() - JOURNAL_READ_WAIT_MS).map(([batch]) => batch);
    while (before.some((batch) => this.announced.has(batch)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }

  /** Counts, in one call, what the harness asks the tenant to count:
   *  - `attempt`: which try of its call a request is, for clients that send no amz-sdk-request:
   *    1, 2, 3, … for the same key within ATTEMPT_QUIET_MS of the last, starting over after that,
   *    and after the try past `failUpTo` (the one the harness lets through);
   *  - `sequence`: the request's number, from 1, among the tenant's requests carrying the seed
   *    since its last reset, so that a rerun after a reset repeats the same decisions. */
  tally(ask: TallyAsk, bounds: Bounds): Promise<Tally> {
    return this.run(bounds, () => {
      const tally: Tally = {};
      if (ask.attempt) {
        const key = `attempt:${ask.attempt.key}`;
        tally.attempt = this.bump(key, bounds.calledAtMs, ask.attempt.quietMs);
        if (tally.attempt > ask.attempt.failUpTo) this.sql.exec('DELETE FROM counters WHERE key = ?', key);
      }
      if (ask.seed !== undefined) tally.sequence = this.bump(`seed:${ask.seed}`, bounds.calledAtMs, Number.POSITIVE_INFINITY);
      return tally;
    });
  }

  override async alarm(): Promise<void> {
    const expires = this.value('expires_at');
    if (expires === null) return;
    if (expires <= Date.now()) this.transaction(() => this.clear());
    else await this.ctx.storage.setAlarm(expires);
  }

  /** Every call's one way in, in one transaction: the tenant cleared first if it has expired (or
   *  `clearFirst`), its time to live started again from the call, then `work`'s reads and writes;
   *  they land together or not at all. The new expiry is written only once it has moved by a
   *  tenth of the time to live (at most a minute): a write and an alarm on every read would
   *  double a read's cost. The alarm follows the expiry once the transaction is in. */
  private async run<T>({ calledAtMs, ttlMs }: Bounds, work: () => T, clearFirst = false): Promise<T> {
    const expires = this.value('expires_at');
    const clearing = clearFirst || (expires !== null && expires <= calledAtMs);
    const next = calledAtMs + ttlMs;
    const renewing = clearing || expires === null || next - expires >= Math.min(ttlMs / 10, 60_000);
    const result = this.transaction(() => {
      if (clearing) this.clear();
      if (renewing)
        this.sql.exec(
          "INSERT INTO tenant (key, value) VALUES ('expires_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          next,
        );
      return work();
    });
    if (renewing) await this.ctx.storage.setAlarm(next);
    return result;
  }

  private bump(key: string, now: number, quietMs: number): number {
    const [row] = this.sql.exec('SELECT count, last_ms FROM counters WHERE key = ?', key).toArray();
    const count = row && now - (row.last_ms as number) <= quietMs ? (row.count as number) + 1 : 1;
    this.sql.exec(
      'INSERT INTO counters (key, count, last_ms) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET count = excluded.count, last_ms = excluded.last_ms',
      key,
      count,
      now,
    );
    return count;
  }

  private defaults(): Defaults {
    const [row] = this.sql.exec("SELECT value FROM defaults WHERE key = 'life'").toArray();
    return row ? (JSON.parse(row.value as string) as Defaults) : {};
  }

  private count(table: Counted): number {
    this.held[table] ??= this.sql.exec(`SELECT COUNT(*) AS n FROM ${table}`).one().n as number;
    return this.held[table];
  }

  /** `work` in one transaction; what is held in memory of the tables forgotten if it fails. */
  private transaction<T>(work: () => T): T {
    try {
      return this.ctx.storage.transactionSync(work);
    } catch (error) {
      this.held = {};
      throw error;
    }
  }

  private value(key: string): number | null {
    const [row] = this.sql.exec('SELECT value FROM tenant WHERE key = ?', key).toArray();
    return row ? (row.value as number) : null;
  }

  /** Drops every table of the tenant (their rows, and the schema's record of its versions, with
   *  them) and builds the schema again; within the caller's transaction. */
  private clear(): void {
    const tables = this.sql
      .exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
      .toArray();
    for (const { name } of tables) this.sql.exec(`DROP TABLE "${name as string}"`);
    migrate(this.ctx.storage);
    this.held = { jobs: 0, journal: 0 };
  }
}
