import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openPostgresSchema, ownTables, POSTGRES_URL, testDatabases } from '../helpers/databases.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { migrations } from '../../src/storage/migrations/index.js';

/** Table → sorted column names, as the database itself reports them. */
async function columnsOf(database: (typeof testDatabases)[number]): Promise<Record<string, string[]>> {
  const storage = await database.open();
  try {
    const tables = await ownTables(storage);
    const out: Record<string, string[]> = {};
    for (const [name, columns] of tables) {
      if (name.startsWith('posts_fts') || name.startsWith('kysely_')) continue;
      // search_vector is PostgreSQL's search column; SQLite keeps its index in the posts_fts table instead.
      out[name] = columns.filter((c) => c !== 'search_vector').sort();
    }
    assert.deepEqual(await migrateToLatest(storage), [], 'a second run applies nothing');
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(storage.db);
    assert.deepEqual(
      applied.rows.map((r) => r.name),
      Object.keys(migrations),
    );
    return out;
  } finally {
    await storage.close();
  }
}

describe('migrations', () => {
  const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;
  const postgres = testDatabases.find((d) => d.name === 'postgres')!;

  test('run once, in order, on SQLite', async () => {
    const columns = await columnsOf(sqlite);
    assert.ok(columns.posts?.includes('body_text'));
  });

  test('give PostgreSQL the same tables and columns as SQLite', { skip: postgres.skip }, async () => {
    assert.deepEqual(await columnsOf(postgres), await columnsOf(sqlite));
  });

  test(
    'on PostgreSQL, migrate a schema while another schema of the database holds its own migrated tables',
    { skip: postgres.skip },
    async () => {
      // Another app (or another test run) in the same database: its bookkeeping tables are not ours.
      const other = await postgres.open();
      const ours = await openPostgresSchema();
      try {
        assert.deepEqual(await migrateToLatest(ours), Object.keys(migrations));
        assert.deepEqual(await migrateToLatest(ours), []);
      } finally {
        await ours.close();
        await other.close();
      }
    },
  );

  test(
    'on PostgreSQL, migrate while other schemas of the database are being made and dropped (parallel test runs do)',
    { skip: postgres.skip },
    async () => {
      // Kysely lists the columns of every schema to find its tables; a schema dropped meanwhile made the
      // listing fail with "schema … does not exist" and the migration with it (a flaky CI run).
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      let stop = false;
      const churn = (async () => {
        for (let i = 0; !stop; i++) {
          const name = `churn_${process.pid}_${i}`;
          await admin.query(`create schema ${name}; create table ${name}.t (a int, b int, c int)`);
          await admin.query(`drop schema ${name} cascade`);
        }
      })();
      const failures: string[] = [];
      try {
        for (let run = 0; run < 8; run++) {
          const storage = await openPostgresSchema();
          await migrateToLatest(storage).catch((error: Error) => failures.push(error.message));
          await storage.close();
        }
      } finally {
        stop = true;
        await churn;
        await admin.end();
      }
      assert.deepEqual(failures, []);
    },
  );
});
