import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isId, newId } from './ids.js';

test('new IDs are unique digit strings that fit a signed 64-bit integer', () => {
  const ids = new Set<string>();
  for (let i = 0; i < 20_000; i++) ids.add(newId());
  assert.equal(ids.size, 20_000);
  for (const id of [...ids].slice(0, 100)) assert.ok(isId(id), id);
  assert.ok(isId(newId(Date.parse('2090-01-01T00:00:00Z'))), 'still fits in 2090');
});

test('isId accepts Blogger IDs and refuses anything else', () => {
  assert.ok(isId('7412345678901234567'));
  assert.ok(isId('9223372036854775807'));
  assert.ok(!isId('9223372036854775808'));
  assert.ok(!isId('0123'));
  assert.ok(!isId('12a'));
  assert.ok(!isId(''));
});
