import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { openPostgresSchema, testDatabases } from '../helpers/databases.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { migrations } from '../../src/storage/migrations/index.js';

/** Table → sorted column names, as the database itself reports them. */
async function columnsOf(database: (typeof testDatabases)[number]): Promise<Record<string, string[]>> {
  const storage = await database.open();
  try {
    // Only this database's own schema: a shared PostgreSQL holds other test runs' schemas too.
    const own =
      database.name === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(storage.db)).rows[0]?.s : undefined;
    const tables = (await storage.db.introspection.getTables()).filter((t) => own === undefined || t.schema === own);
    const out: Record<string, string[]> = {};
    for (const t of tables) {
      if (t.name.startsWith('posts_fts') || t.name.startsWith('kysely_')) continue;
      // search_vector is PostgreSQL's search column; SQLite keeps its index in the posts_fts table instead.
      out[t.name] = t.columns
        .map((c) => c.name)
        .filter((c) => c !== 'search_vector')
        .sort();
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
});
