import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openPostgresSchema, ownTables, testDatabases } from '../helpers/databases.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { migrations } from '../../src/storage/migrations/index.js';

const postgres = testDatabases.find((d) => d.name === 'postgres')!;

describe('migrations on postgres', { skip: postgres.skip }, () => {
  test('a schema migrates even when another schema of the database already has migration tables', async () => {
    // Kysely's migrator once took the other schema's lock table for its own and failed.
    const first = await openPostgresSchema();
    const second = await openPostgresSchema();
    try {
      assert.deepEqual(await migrateToLatest(first), Object.keys(migrations));
      assert.deepEqual(await migrateToLatest(second), Object.keys(migrations));
      assert.deepEqual(await migrateToLatest(second), [], 'a second run has nothing to do');
      assert.ok((await ownTables(second)).has('posts'));
    } finally {
      await first.close();
      await second.close();
    }
  });
});
