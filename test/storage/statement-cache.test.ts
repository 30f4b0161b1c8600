import assert from 'node:assert/strict';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { withStatementCache } from '../../src/storage/dialects/sqlite.js';

test('SQLite statements are prepared once per SQL text, and the least recently used are dropped', () => {
  const connection = new SQLite(':memory:');
  const db = withStatementCache(connection, 2);
  const a = db.prepare('select 1 as n');
  assert.equal(db.prepare('select 1 as n'), a, 'the same text gives the same statement');
  const b = db.prepare('select 2 as n');
  assert.equal(db.prepare('select 1 as n'), a, 'using it keeps it');
  db.prepare('select 3 as n'); // over the size: drops the least recently used, "select 2"
  assert.notEqual(db.prepare('select 2 as n'), b);
  assert.deepEqual(a.all([]), [{ n: 1 }]);
  db.close();
});

test('a statement still being iterated is not handed out again', () => {
  const connection = new SQLite(':memory:');
  const db = withStatementCache(connection);
  const text = 'select value from json_each(?)';
  const first = db.prepare(text);
  const rows = first.iterate(['[1,2,3]']);
  assert.equal((rows.next().value as { value: number }).value, 1);
  const second = db.prepare(text);
  assert.notEqual(second, first, 'a busy statement is not reused');
  assert.deepEqual(second.all(['[7]']), [{ value: 7 }]);
  assert.deepEqual(
    [...rows].map((r) => (r as { value: number }).value),
    [2, 3],
    'the first iteration goes on undisturbed',
  );
  assert.equal(db.prepare(text), first, 'once done, the cached one is used again');
  db.close();
});
