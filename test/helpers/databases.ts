/**
 * The real databases every storage test runs against: SQLite (in memory) and PostgreSQL (a fresh schema
 * per database, dropped afterwards). Without a reachable PostgreSQL, its tests are skipped with a clear line.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openStorage, type OpenOptions, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrator.js';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** Why the database's tests are skipped, or false when it is there. */
  skip: string | false;
  /** A new, empty, migrated database (`log` sees every statement: the query-plan tests). */
  open(options?: Pick<OpenOptions, 'log'>): Promise<Storage>;
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 15_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Whether PostgreSQL answered at POSTGRES_URL (tests that start their own servers on it skip without). */
export const hasPostgres = await postgresReachable();
// CI has PostgreSQL: there, an unreachable server is a failure, not a reason to skip half the suite.
if (!hasPostgres && process.env.CI) throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL}, and CI needs it`);
if (!hasPostgres) console.log(`skipped: no PostgreSQL at ${POSTGRES_URL} (set TEST_POSTGRES_URL to run those tests)`);

/** Opens a fresh PostgreSQL schema; closing the storage drops it. */
export async function openPostgresSchema(options: Pick<OpenOptions, 'log'> = {}): Promise<Storage> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const storage = openStorage(POSTGRES_URL, { ...options, searchPath: schema });
  const close = () => storage.close();
  return {
    ...storage,
    async close() {
      await close();
      const cleaner = new pg.Client({ connectionString: POSTGRES_URL });
      await cleaner.connect();
      await cleaner.query(`drop schema ${schema} cascade`);
      await cleaner.end();
    },
  };
}

export const testDatabases: TestDatabase[] = [
  {
    name: 'sqlite',
    skip: false,
    async open(options) {
      const storage = openStorage(':memory:', options);
      await migrateToLatest(storage);
      return storage;
    },
  },
  {
    name: 'postgres',
    skip: hasPostgres ? false : 'no PostgreSQL',
    async open(options) {
      const storage = await openPostgresSchema(options);
      try {
        await migrateToLatest(storage);
      } catch (error) {
        await storage.close(); // drops the schema, so failed runs leave nothing behind
        throw error;
      }
      return storage;
    },
  },
];

/**
 * Table → column names (in their order) of this storage's own schema. Kysely's introspection lists every
 * schema of the database, and PostgreSQL refuses that listing ("schema … does not exist") when another test
 * file drops its schema meanwhile; on PostgreSQL the catalogue is read for the current schema only.
 */
export async function ownTables(storage: Storage): Promise<Map<string, string[]>> {
  if (storage.dialect.name !== 'postgres') {
    const tables = await storage.db.introspection.getTables();
    return new Map(tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
  }
  const { rows } = await sql<{ table: string; column: string }>`
    select c.relname as "table", a.attname as "column"
    from pg_catalog.pg_attribute a join pg_catalog.pg_class c on a.attrelid = c.oid
    where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'v', 'm', 'p')
      and a.attnum > 0 and not a.attisdropped and c.relname not like 'kysely\\_%'
    order by c.relname, a.attnum`.execute(storage.db);
  const tables = new Map<string, string[]>();
  for (const { table, column } of rows) tables.set(table, [...(tables.get(table) ?? []), column]);
  return tables;
}
