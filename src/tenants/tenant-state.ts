// One tenant's state: a SQLite-backed Durable Object per tenant (the access key id and region
// of a request's SigV4 credential scope, or the anonymous tenant). It holds the jobs the
// tenant created; each job's status is computed by the Worker from the stored life and the
// clock. Bounded in jobs (create answers `full` past the bound) and in time: the tenant is
// cleared TENANT_TTL_S after its last call, by an alarm, and also on the next call when an
// alarm did not run (local dev may never fire one that is due). Tables: storage-schema.md.
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import type { CreatedJob } from '../jobs/created';
import type { Cursor } from '../jobs/paging';

/** What every call brings: the Worker's clock and settings, since a Durable Object does not see the Worker's env. */
export interface Bounds {
  now: number;
  ttlMs: number;
  maxJobs: number;
}

export type CreateResult = { created: true } | { full: true };

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL,
    segment_id TEXT,
    created_ms INTEGER NOT NULL,
    definition TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    pieces INTEGER NOT NULL,
    endpoints INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS jobs_by_listing ON jobs (application_id, created_ms DESC, id DESC);
  CREATE TABLE IF NOT EXISTS tenant (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

type Row = Record<string, SqlStorageValue>;

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

export class TenantState extends DurableObject<Env> {
  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql.exec(SCHEMA);
  }

  /** Stores `job`, unless the tenant already holds `maxJobs`. */
  async create(job: CreatedJob, bounds: Bounds): Promise<CreateResult> {
    await this.touch(bounds);
    const held = this.sql.exec('SELECT COUNT(*) AS n FROM jobs').one().n as number;
    if (held >= bounds.maxJobs) return { full: true };
    this.sql.exec(
      'INSERT INTO jobs (id, application_id, segment_id, created_ms, definition, duration_ms, outcome, pieces, endpoints) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      job.id,
      job.applicationId,
      job.segmentId,
      job.createdMs,
      job.definition,
      job.durationMs,
      job.outcome,
      job.pieces,
      job.endpoints,
    );
    return { created: true };
  }

  async find(applicationId: string, id: string, bounds: Bounds): Promise<CreatedJob | null> {
    await this.touch(bounds);
    const [row] = this.sql.exec('SELECT * FROM jobs WHERE application_id = ? AND id = ?', applicationId, id).toArray();
    return row ? jobOf(row) : null;
  }

  /** Up to `limit` jobs of an application (and segment) created by `createdBy`, after `after`, in listing order. */
  async list(
    applicationId: string,
    segmentId: string | null,
    after: Cursor | null,
    limit: number,
    createdBy: number,
    bounds: Bounds,
  ): Promise<CreatedJob[]> {
    await this.touch(bounds);
    const [ms, id] = after ? [after.createdMs, after.id] : [Number.MAX_SAFE_INTEGER, ''];
    return this.sql
      .exec(
        `SELECT * FROM jobs WHERE application_id = ?1 AND (?2 IS NULL OR segment_id = ?2) AND created_ms <= ?6
           AND (created_ms < ?3 OR (created_ms = ?3 AND id < ?4))
         ORDER BY created_ms DESC, id DESC LIMIT ?5`,
        applicationId,
        segmentId,
        ms,
        id,
        limit,
        createdBy,
      )
      .toArray()
      .map(jobOf);
  }

  /** How many jobs the tenant holds; for tests and the admin API. */
  async count(bounds: Bounds): Promise<number> {
    await this.touch(bounds);
    return this.sql.exec('SELECT COUNT(*) AS n FROM jobs').one().n as number;
  }

  override async alarm(): Promise<void> {
    const expires = this.expiresAt();
    if (expires === null) return;
    if (expires <= Date.now()) await this.clear();
    else await this.ctx.storage.setAlarm(expires);
  }

  /** Clears the tenant if it has expired, then starts its time to live again from `now`. The
   *  new expiry is written only once it has moved by a tenth of the time to live (at most a
   *  minute): a storage write and an alarm on every read would double a read's cost. */
  private async touch({ now, ttlMs }: Bounds): Promise<void> {
    let expires = this.expiresAt();
    if (expires !== null && expires <= now) {
      await this.clear();
      expires = null;
    }
    const next = now + ttlMs;
    if (expires !== null && next - expires < Math.min(ttlMs / 10, 60_000)) return;
    this.sql.exec("INSERT INTO tenant (key, value) VALUES ('expires_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", next);
    await this.ctx.storage.setAlarm(next);
  }

  private expiresAt(): number | null {
    const [row] = this.sql.exec("SELECT value FROM tenant WHERE key = 'expires_at'").toArray();
    return row ? (row.value as number) : null;
  }

  private async clear(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.sql.exec(SCHEMA);
  }
}
