// A tenant's storage as it really is, against what documents it and what made it: the tables,
// columns and indexes of src/tenants/storage-schema.md against the live object's, and the
// versioned migrations (src/tenants/migrations.ts) run over an object made before versions
// were recorded, which must lose none of its jobs or journal entries.
import { env, runInDurableObject } from 'cloudflare:test';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ExportJobResponseSchema } from '../../src/jobs/schema';
import { MIGRATIONS, type Migration, migrate, schemaVersion } from '../../src/tenants/migrations';
import { JournalPageSchema } from '../../src/tenants/schema';
import doc from '../../src/tenants/storage-schema.md?raw';
import type { TenantState } from '../../src/tenants/tenant-state';
import { handleWith } from './handle';
import { APP, asTenant, jobsUrl } from './tenants';

const TENANTS = env.TENANTS as DurableObjectNamespace<TenantState>; // wrangler.toml binds it
const stubOf = (keyId: string) => TENANTS.get(TENANTS.idFromName(`${keyId}/us-east-1`));
const handle = handleWith();

/** The rows of the doc's Markdown table whose header starts with `header`, as cells without their backticks. */
function docTable(header: string): string[][] {
  const lines = doc.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`| ${header} |`));
  expect(start, `a table "| ${header} |" in storage-schema.md`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/^`(.*)`$/, '$1')),
    );
  }
  return rows;
}

/** The object's own tables (not SQLite's or the runtime's), as "table.column: TYPE [PRIMARY KEY | NOT NULL]". */
function liveColumns(sql: SqlStorage): string[] {
  const tables = sql
    .exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'")
    .toArray()
    .map((row) => row.name as string);
  return tables.flatMap((table) =>
    sql
      .exec(`SELECT name, type, "notnull" AS required, pk FROM pragma_table_info('${table}')`)
      .toArray()
      .map(({ name, type, required, pk }) => `${table}.${name}: ${type}${pk ? ' PRIMARY KEY' : required ? ' NOT NULL' : ''}`),
  );
}

const liveIndexes = (sql: SqlStorage) =>
  sql
    .exec("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' AND tbl_name NOT LIKE '_cf_%'")
    .toArray()
    .map((row) => `${row.name as string} on ${row.tbl_name as string}`);

describe('storage-schema.md', () => {
  it("documents exactly the live object's tables, columns, types and indexes", async () => {
    await handle(new Request(jobsUrl(APP), { headers: asTenant('AKIDSCHEMADOC') })); // the object exists and has migrated
    const documented = {
      columns: docTable('table | column').map(([table, column, type]) => `${table}.${column}: ${type}`),
      indexes: docTable('index').map(([index, table]) => `${index} on ${table}`),
    };
    const live = await runInDurableObject(stubOf('AKIDSCHEMADOC'), (_state: TenantState, ctx) => ({
      columns: liveColumns(ctx.storage.sql),
      indexes: liveIndexes(ctx.storage.sql),
    }));
    expect(live.columns.sort()).toEqual(documented.columns.sort());
    expect(live.indexes.sort()).toEqual(documented.indexes.sort());
  });
});

// The tables and rows an object deployed before versions were recorded holds: its DDL as it
// shipped (no schema_migrations), a created job, and a journal entry, as that code wrote them.
const SHIPPED_DDL = [
  'CREATE TABLE jobs (id TEXT PRIMARY KEY, application_id TEXT NOT NULL, segment_id TEXT, created_ms INTEGER NOT NULL, definition TEXT NOT NULL, duration_ms INTEGER NOT NULL, outcome TEXT NOT NULL, pieces INTEGER NOT NULL, endpoints INTEGER NOT NULL)',
  'CREATE INDEX jobs_by_listing ON jobs (application_id, created_ms DESC, id DESC)',
  'CREATE TABLE tenant (key TEXT PRIMARY KEY, value INTEGER NOT NULL)',
  'CREATE TABLE defaults (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
  'CREATE TABLE journal (id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, arrival INTEGER NOT NULL, operation TEXT, status INTEGER NOT NULL, entry TEXT NOT NULL)',
  'CREATE INDEX journal_by_arrival ON journal (at_ms, arrival, id)',
  'CREATE TABLE counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, last_ms INTEGER NOT NULL)',
];
const OLD_JOB_ID = 'a0'.repeat(16);
const OLD_FLAT_JOB_ID = 'b1d2c3e4f5a6b7c8d9e0f1a2b3c4d5e6'; // exports to a prefix without a closing slash
const OLD_ENTRY = {
  at: new Date().toISOString(),
  operation: 'GetExportJobs',
  method: 'GET',
  path: `/v1/apps/${APP}/jobs/export`,
  query: '',
  headers: {},
  body: '',
  truncated: false,
  status: 200,
  errorType: null,
  applied: [],
  durationMs: 1,
};

/** Makes the object of `keyId` hold what a pre-versions object held, as that code left it. */
async function shippedBeforeVersions(keyId: string): Promise<void> {
  await runInDurableObject(stubOf(keyId), async (_state: TenantState, ctx) => {
    await ctx.storage.deleteAll(); // what this code's constructor made goes: the object as it was
    for (const statement of SHIPPED_DDL) ctx.storage.sql.exec(statement);
    const now = Date.now();
    const oldJobs: [id: string, s3UrlPrefix: string, pieces: number, endpoints: number][] = [
      [OLD_JOB_ID, 's3://exports/old/', 10, 1000],
      [OLD_FLAT_JOB_ID, 's3://flat-exports/deep/er', 4, 40],
    ];
    for (const [id, S3UrlPrefix, pieces, endpoints] of oldJobs) {
      const definition = JSON.stringify({ RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix });
      ctx.storage.sql.exec(
        'INSERT INTO jobs VALUES (?, ?, NULL, ?, ?, 600000, ?, ?, ?)',
        id,
        APP,
        now,
        definition,
        'COMPLETED',
        pieces,
        endpoints,
      );
    }
    ctx.storage.sql.exec(
      'INSERT INTO journal (at_ms, arrival, operation, status, entry) VALUES (?, 0, ?, 200, ?)',
      Date.parse(OLD_ENTRY.at),
      OLD_ENTRY.operation,
      JSON.stringify(OLD_ENTRY),
    );
    ctx.storage.sql.exec("INSERT INTO tenant (key, value) VALUES ('expires_at', ?)", now + 86_400_000);
  });
}

/** What a client sees of the object: the old job through GetExportJob, and the journal (JOURNAL off, so that reading adds nothing). */
async function clientView(keyId: string) {
  const unjournaled = handleWith({ JOURNAL: 'off' });
  const job = await unjournaled(new Request(`${jobsUrl(APP)}/${OLD_JOB_ID}`, { headers: asTenant(keyId) }));
  const journal = await unjournaled(new Request('https://sandbox.test/_sandbox/requests', { headers: asTenant(keyId) }));
  return {
    job: job.status === 200 ? v.parse(ExportJobResponseSchema, await job.json()).Id : job.status,
    journal: v.parse(JournalPageSchema, await journal.json()).entries.map(({ id: _, ...entry }) => entry),
  };
}

/** The version a hypothetical next migration would take. */
const NEXT = (MIGRATIONS.at(-1)?.version ?? 0) + 1;

describe('migrations', () => {
  it('take an object made before versions were recorded to the current version, losing no job and no journal entry', async () => {
    await shippedBeforeVersions('AKIDMIGRATEV1');
    const reached = await runInDurableObject(stubOf('AKIDMIGRATEV1'), (_state: TenantState, ctx) => {
      expect(schemaVersion(ctx.storage.sql)).toBe(0);
      return migrate(ctx.storage);
    });
    expect(reached).toBe(MIGRATIONS.at(-1)?.version);
    expect(await clientView('AKIDMIGRATEV1')).toEqual({ job: OLD_JOB_ID, journal: [OLD_ENTRY] });
    // Migration 4 gave the old jobs their bucket and folder: S3 finds their exports through the columns,
    // a prefix without a closing slash as parseS3Url reads it (deep/er/<id>/).
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const s3 = (path: string) =>
      handleWith({ JOURNAL: 'off' })(
        new Request(`https://sandbox.test/_s3/${path}`, { headers: { ...asTenant('AKIDMIGRATEV1'), 'x-mock-now': later } }),
      );
    const listing = await s3(`exports?list-type=2&prefix=old/${OLD_JOB_ID}/`);
    expect(listing.status).toBe(200);
    expect((await listing.text()).match(/<Key>/g)).toHaveLength(10);
    expect((await s3(`exports/old/${OLD_JOB_ID}/part-00009.gz`)).status).toBe(200);
    const flat = await s3('flat-exports?list-type=2&prefix=deep/');
    expect((await flat.text()).match(/<Key>[^<]*<\/Key>/g)).toEqual(
      [0, 1, 2, 3].map((n) => `<Key>deep/er/${OLD_FLAT_JOB_ID}/part-0000${n}.gz</Key>`),
    );
    expect((await s3(`flat-exports/deep/er/${OLD_FLAT_JOB_ID}/part-00003.gz`)).status).toBe(200);
    expect((await s3(`flat-exports/deep/${OLD_FLAT_JOB_ID}/part-00003.gz`)).status).toBe(404);
  });

  it('apply a later version once, in order, to an object at the version before, keeping its rows; and record it', async () => {
    const v2: Migration = { version: NEXT, sql: 'ALTER TABLE jobs ADD COLUMN note TEXT; CREATE INDEX jobs_by_note ON jobs (note);' };
    await shippedBeforeVersions('AKIDMIGRATEV2');
    const after = await runInDurableObject(stubOf('AKIDMIGRATEV2'), (_state: TenantState, ctx) => {
      const first = migrate(ctx.storage, [v2, ...MIGRATIONS]); // listed out of order: applied by version
      const again = migrate(ctx.storage, [...MIGRATIONS, v2]); // nothing left to apply
      const columns = liveColumns(ctx.storage.sql);
      const versions = ctx.storage.sql.exec('SELECT version FROM schema_migrations ORDER BY version').toArray();
      return { first, again, note: columns.includes('jobs.note: TEXT'), versions: versions.map((row) => row.version) };
    });
    expect(after).toEqual({ first: NEXT, again: NEXT, note: true, versions: [...MIGRATIONS.map((m) => m.version), NEXT] });
    expect(await clientView('AKIDMIGRATEV2')).toEqual({ job: OLD_JOB_ID, journal: [OLD_ENTRY] });
  });

  it('leave the version before a migration that fails, with its rows', async () => {
    const broken: Migration = { version: NEXT, sql: 'ALTER TABLE jobs ADD COLUMN note TEXT; ALTER TABLE nowhere ADD COLUMN x TEXT;' };
    await shippedBeforeVersions('AKIDMIGRATEFAIL');
    const after = await runInDurableObject(stubOf('AKIDMIGRATEFAIL'), (_state: TenantState, ctx) => {
      expect(() => migrate(ctx.storage, [...MIGRATIONS, broken])).toThrow(/nowhere/);
      return { version: schemaVersion(ctx.storage.sql), note: liveColumns(ctx.storage.sql).includes('jobs.note: TEXT') };
    });
    expect(after).toEqual({ version: NEXT - 1, note: false });
    expect(await clientView('AKIDMIGRATEFAIL')).toEqual({ job: OLD_JOB_ID, journal: [OLD_ENTRY] });
  });

  it('keep defaults stored under their old name: version 3 renames duration to durationS', async () => {
    await shippedBeforeVersions('AKIDMIGRATEDEFAULTS');
    await runInDurableObject(stubOf('AKIDMIGRATEDEFAULTS'), (_state: TenantState, ctx) => {
      const old = JSON.stringify({ duration: 2.5, outcome: 'FAILED', pieces: 4 });
      ctx.storage.sql.exec("INSERT INTO defaults (key, value) VALUES ('life', ?)", old);
      migrate(ctx.storage);
    });
    const read = await handle(new Request('https://sandbox.test/_sandbox/defaults', { headers: asTenant('AKIDMIGRATEDEFAULTS') }));
    expect(await read.json()).toEqual({ durationS: 2.5, outcome: 'FAILED', pieces: 4 });
  });

  it('are applied again after a reset, which leaves the tenant empty at the current version', async () => {
    const tenant = asTenant('AKIDMIGRATERESET');
    await handle(new Request('https://sandbox.test/_sandbox/reset', { method: 'POST', headers: tenant }));
    const version = await runInDurableObject(stubOf('AKIDMIGRATERESET'), (_state: TenantState, ctx) => schemaVersion(ctx.storage.sql));
    expect(version).toBe(MIGRATIONS.at(-1)?.version);
    const listed = await handle(new Request(jobsUrl('noseededjobs'), { headers: tenant }));
    expect(await listed.json()).toEqual({ Item: [] });
  });
});
