/**
 * Runs the migrations that a database has not had yet, in order, each in a transaction
 * (Kysely's migrator keeps the record and a lock, so two processes starting at once are safe).
 */
import { Migrator, sql, type Kysely, type MigrationResult } from 'kysely';
import { isPostgresUrl, openStorage, type Storage } from './database.js';
import { postgresStartError, sqliteStartError, StorageStartError } from './storage-errors.js';
import { migrations } from './migrations/index.js';

/** Brings the database up to date; returns the names of the migrations it applied. */
export async function migrateToLatest(storage: Storage): Promise<string[]> {
  const dialect = storage.dialect.name;
  // Kysely looks for its bookkeeping tables in every schema it can see: pinned to ours, another
  // schema's (another app's, another test run's) is never taken for ours and ours left uncreated.
  const migrationTableSchema = await storage.dialect.currentSchema(storage.db);
  const migrator = new Migrator({
    db: storage.db as Kysely<any>,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
    // By code point, not Kysely's default localeCompare (ICU's collation tables, some MB at every start);
    // the names are ASCII timestamps and sort the same either way.
    nameComparator: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    provider: {
      getMigrations: () =>
        Promise.resolve(
          Object.fromEntries(Object.entries(migrations).map(([name, m]) => [name, { up: (db: Kysely<any>) => m.up(db, dialect) }])),
        ),
    },
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely looks for its tables by listing the columns of every schema it may use; another schema dropped
  // meanwhile (another app's, a parallel test run's) makes PostgreSQL's has_schema_privilege() refuse the
  // listing with "schema … does not exist" (or a table of it, "relation … does not exist"). Nothing was
  // changed then, so it is asked again.
  // Likewise a column another schema's migration is adding or dropping at that moment: PostgreSQL's
  // pg_get_serial_sequence() in that listing then says "column … of relation … does not exist", naming no
  // schema; before any migration of ours ran (none failed), nothing was changed either.
  const changedMeanwhile = () =>
    droppedMeanwhile(error, migrationTableSchema) || (columnGoneMeanwhile(error) && !results?.some((r) => r.status === 'Error'));
  for (let retry = 0; retry < 10 && changedMeanwhile(); retry++) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`);
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  // SQLite's planner knows nothing of an index created since the last ANALYZE (PRAGMA optimize passes
  // over it: the table's size has not changed) and took a new index that read a whole blog's comments
  // for one post's. The connection's analysis_limit keeps this to a sample. PostgreSQL's autovacuum
  // analyzes by itself.
  if (applied.length > 0 && dialect === 'sqlite') await sql`analyze`.execute(storage.db);
  return applied;
}

/**
 * Whether a migration run failed only because some other schema of the database, or a table in one,
 * vanished under it (another test run dropping its schema while Kysely listed every schema's tables).
 */
function droppedMeanwhile(error: unknown, ours: string | undefined): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: string }).code;
  const schema =
    code === '3F000'
      ? /schema "([^"]+)" does not exist/.exec(error.message)?.[1]
      : code === '42P01'
        ? /relation "([^".]+)\.[^"]+" does not exist/.exec(error.message)?.[1]
        : undefined;
  return schema !== undefined && schema !== ours;
}

function columnGoneMeanwhile(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as Error & { code?: string }).code === '42703' &&
    /^column "[^"]+" of relation "[^"]+" does not exist$/.test(error.message)
  );
}

/**
 * Opens DATABASE_URL and brings it up to date, as the server and every command start: any failure (a
 * file that cannot be opened or written, PostgreSQL refusing) is a StorageStartError naming the file or
 * the URL (without its password) and what to check.
 */
export async function openMigratedStorage(url: string): Promise<Storage> {
  const storage = openStorage(url);
  try {
    await migrateToLatest(storage);
    return storage;
  } catch (error) {
    await storage.close().catch(() => {});
    throw asStartError(url, error);
  }
}

/** A failure while opening or migrating DATABASE_URL, said with the file or URL it concerns. */
export function asStartError(url: string, error: unknown): StorageStartError {
  if (error instanceof StorageStartError) return error;
  if (isPostgresUrl(url)) return postgresStartError(url, error);
  return sqliteStartError(url.replace(/^sqlite:(\/\/)?/i, ''), url, error);
}
