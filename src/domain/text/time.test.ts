import assert from 'node:assert/strict';
import { test } from 'node:test';
import { utcDay } from './time.js';

test('utcDay gives the UTC date, also across day boundaries, before 1970, and back and forth', () => {
  const day = 86_400_000;
  const times = [0, -1, day - 1, day, Date.parse('2026-11-28T23:59:59.999Z'), Date.parse('2026-11-29T00:00:00Z'), -day, 1e15];
  for (const ms of [...times, ...[...times].reverse(), ...times])
    assert.equal(utcDay(ms), new Date(ms).toISOString().slice(0, 10), String(ms));
  assert.equal(utcDay(Date.parse('2026-11-28T00:00:00Z')), '2026-11-28');
});
