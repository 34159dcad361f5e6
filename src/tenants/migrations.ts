// A tenant's SQLite schema, as an ordered list of migrations: what each version adds to the
// one before. An object records the versions it has applied (table `schema_migrations`), and
// on every start (and after a clear) applies the ones it lacks, in order, each in a
// transaction of its own (a savepoint within the caller's, if one is open), so that a change
// reaches the objects that already exist (on the hosted URL, some live for days) instead of
// only new ones. Version 1 is the schema as it was before versions were recorded,
// in `IF NOT EXISTS` form: an object made then has its tables and no record, and takes version
// 1 as a no-op. A migration is never edited once shipped; a change is a new one at the end.
// What the tables hold, and who writes and reads them: storage-schema.md, beside this file.

export interface Migration {
  version: number;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
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
      CREATE TABLE IF NOT EXISTS defaults (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS journal (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at_ms INTEGER NOT NULL,
        arrival INTEGER NOT NULL,
        operation TEXT,
        status INTEGER NOT NULL,
        entry TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS journal_by_arrival ON journal (at_ms, arrival, id);
      CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, last_ms INTEGER NOT NULL);
    `,
  },
  {
    // Issue #18: the objects of an export a tenant deleted (DeleteObject, DeleteObjects), hidden
    // from its own view only; the bytes are generated, so a delete is a row, never a removal.
    version: 2,
    sql: `
      CREATE TABLE deleted_objects (
        bucket TEXT NOT NULL,
        key TEXT NOT NULL,
        deleted_ms INTEGER NOT NULL,
        PRIMARY KEY (bucket, key)
      ) WITHOUT ROWID;
    `,
  },
  {
    // Issue #28: the defaults' duration is named durationS, as the package's harness option
    // (progression.durationS) names it; defaults stored under the old name keep their value.
    version: 3,
    sql: `
      UPDATE defaults
      SET value = json_remove(json_set(value, '$.durationS', json_extract(value, '$.duration')), '$.duration')
      WHERE key = 'life' AND json_type(value, '$.duration') IS NOT NULL;
    `,
  },
  {
    // Issue #27: where a job exports, out of its Definition's S3UrlPrefix, as columns with an
    // index, so that an S3 request reads the jobs of its bucket and folder alone (no json_extract
    // over every row): the bucket, and the export's folder in it (`<key prefix><id>/`, the key
    // prefix being the path after the bucket with a "/" added where it has none, parseS3Url's
    // rule). Existing jobs get theirs from their definition; CreateExportJob writes them.
    version: 4,
    sql: `
      ALTER TABLE jobs ADD COLUMN bucket TEXT;
      ALTER TABLE jobs ADD COLUMN folder TEXT;
      UPDATE jobs SET
        bucket = CASE
          WHEN instr(substr(json_extract(definition, '$.S3UrlPrefix'), 6), '/') > 0
          THEN substr(json_extract(definition, '$.S3UrlPrefix'), 6, instr(substr(json_extract(definition, '$.S3UrlPrefix'), 6), '/') - 1)
          ELSE substr(json_extract(definition, '$.S3UrlPrefix'), 6)
        END,
        folder = CASE
          WHEN instr(substr(json_extract(definition, '$.S3UrlPrefix'), 6), '/') > 0
          THEN substr(json_extract(definition, '$.S3UrlPrefix'), 7 + instr(substr(json_extract(definition, '$.S3UrlPrefix'), 6), '/') - 1)
          ELSE ''
        END;
      UPDATE jobs SET folder = (CASE WHEN folder = '' OR substr(folder, -1) = '/' THEN folder ELSE folder || '/' END) || id || '/';
      CREATE INDEX jobs_by_folder ON jobs (bucket, folder);
    `,
  },
];

/** The version the object's storage records: 0 for one made before versions were recorded, or just cleared. */
export function schemaVersion(sql: SqlStorage): number {
  sql.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)');
  return sql.exec('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations').one().version as number;
}

/** Applies, in order, the migrations newer than the version `storage` records, each with its
 *  record in one transaction (a failed one leaves the version before it); returns the version reached. */
export function migrate(storage: DurableObjectStorage, migrations: readonly Migration[] = MIGRATIONS): number {
  let version = schemaVersion(storage.sql);
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= version) continue;
    storage.transactionSync(() => {
      storage.sql.exec(migration.sql);
      storage.sql.exec('INSERT INTO schema_migrations (version, applied_ms) VALUES (?, ?)', migration.version, Date.now());
    });
    version = migration.version;
  }
  return version;
}
