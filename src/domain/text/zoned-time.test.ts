import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, dayIn } from './zoned-time.js';

test('dayIn gives the date on the zone’s clock, across its midnight and daylight-saving changes', () => {
  const at = (iso: string) => Date.parse(iso);
  // Asia/Kolkata is UTC+5:30: its day begins at 18:30 UTC.
  assert.equal(dayIn(at('2026-11-20T18:29:59Z'), 'Asia/Kolkata'), '2026-11-20');
  assert.equal(dayIn(at('2026-11-20T18:30:00Z'), 'Asia/Kolkata'), '2026-11-21');
  // Back again (the answer is cached per quarter hour: asking an earlier one must not reuse it).
  assert.equal(dayIn(at('2026-11-20T18:29:59Z'), 'Asia/Kolkata'), '2026-11-20');
  // New York: UTC−4 in summer, UTC−5 in winter.
  assert.equal(dayIn(at('2026-07-01T03:59:00Z'), 'America/New_York'), '2026-06-30');
  assert.equal(dayIn(at('2026-07-01T04:00:00Z'), 'America/New_York'), '2026-07-01');
  assert.equal(dayIn(at('2026-12-01T04:30:00Z'), 'America/New_York'), '2026-11-30');
  assert.equal(dayIn(at('2026-12-01T05:00:00Z'), 'America/New_York'), '2026-12-01');
  assert.equal(dayIn(at('2026-11-20T23:00:00Z'), 'UTC'), '2026-11-20');
  assert.equal(dayIn(at('2026-11-20T23:00:00Z'), 'Not/AZone'), '2026-11-20', 'an unknown zone counts in UTC');
});

test('addDays steps whole calendar days, across months, years and leap days', () => {
  assert.equal(addDays('2026-11-20', -6), '2026-11-14');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  assert.equal(addDays('2028-03-01', -1), '2028-02-29');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2026-11-20', -29), '2026-10-22');
});
