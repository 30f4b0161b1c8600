/** The storage troubles the server answers 503 for, and DATABASE_URL shown without its password. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postgresStartError, redactDatabaseUrl, storageTrouble } from './storage-errors.js';

test('full, read-only and unavailable storage are told apart from bugs', () => {
  const coded = (code: string) => Object.assign(new Error('x'), { code });
  assert.equal(storageTrouble(coded('SQLITE_FULL')), 'full');
  assert.equal(storageTrouble(coded('ENOSPC')), 'full');
  assert.equal(storageTrouble(coded('53100')), 'full');
  assert.equal(storageTrouble(coded('SQLITE_READONLY')), 'read-only');
  assert.equal(storageTrouble(coded('SQLITE_IOERR_WRITE')), 'unavailable');
  assert.equal(storageTrouble(coded('08006')), 'unavailable');
  assert.equal(storageTrouble(new Error('could not extend file: No space left on device')), 'full');
  assert.equal(storageTrouble(coded('SQLITE_CONSTRAINT_UNIQUE')), null);
  assert.equal(storageTrouble(new TypeError('x is undefined')), null);
});

test('a PostgreSQL password never shows, even when it holds an @ or the driver repeats it', () => {
  assert.equal(redactDatabaseUrl('postgres://ann:pa@ss@db.example:5432/blog'), 'postgres://ann:***@db.example:5432/blog');
  assert.equal(redactDatabaseUrl('postgresql://db.example/blog?password=hunter2&ssl=1'), 'postgresql://db.example/blog?password=***&ssl=1');
  assert.equal(redactDatabaseUrl('./data/dastan.db'), './data/dastan.db');
  const error = postgresStartError('postgres://ann:hunter2@db/x', new Error('auth failed for postgres://ann:hunter2@db/x'));
  assert.doesNotMatch(error.message, /hunter2/);
  assert.match(error.message, /DATABASE_URL=postgres:\/\/ann:\*\*\*@db\/x/);
});
