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

test('one process never repeats an ID, even when two clocks alternate or the clock goes back', () => {
  // The tests' fixed clock beside the real one: a fixed millisecond came back again and again.
  const fixed = Date.parse('2026-11-20T12:00:00Z');
  const ids: bigint[] = [];
  for (let i = 0; i < 10_000; i++) ids.push(BigInt(newId(i % 2 ? fixed : Date.now())));
  ids.push(BigInt(newId(fixed - 60_000)));
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i]! > ids[i - 1]!, `ID ${i} is larger than the one before`);
});

test('isId accepts Blogger IDs and refuses anything else', () => {
  assert.ok(isId('7412345678901234567'));
  assert.ok(isId('9223372036854775807'));
  assert.ok(!isId('9223372036854775808'));
  assert.ok(!isId('0123'));
  assert.ok(!isId('12a'));
  assert.ok(!isId(''));
});
