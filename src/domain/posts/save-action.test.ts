import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConflictError, InvalidInputError } from '../errors.js';
import { publishes, statusAfterSave } from './save-action.js';

const NOW = 1_800_000_000_000;

test('a draft is saved, submitted, published now or later, or scheduled', () => {
  assert.equal(statusAfterSave('draft', 'draft', undefined, null, NOW), 'draft');
  assert.equal(statusAfterSave('submit', 'draft', undefined, null, NOW), 'pending');
  assert.equal(statusAfterSave('publish', 'draft', undefined, null, NOW), 'live');
  assert.equal(statusAfterSave('publish', 'draft', NOW + 1000, null, NOW), 'scheduled');
  assert.equal(statusAfterSave('schedule', 'draft', NOW + 1000, null, NOW), 'scheduled');
  assert.throws(() => statusAfterSave('schedule', 'draft', undefined, null, NOW), InvalidInputError);
  assert.throws(() => statusAfterSave('schedule', 'draft', NOW - 1, null, NOW), InvalidInputError);
});

test('a live post is updated (it stays live) or unpublished on purpose; "Save draft" never takes it offline', () => {
  assert.throws(() => statusAfterSave('draft', 'live', undefined, NOW - 5, NOW), ConflictError);
  assert.throws(() => statusAfterSave('draft', 'scheduled', undefined, NOW + 5, NOW), ConflictError);
  assert.equal(statusAfterSave('update', 'live', undefined, NOW - 5, NOW), 'live');
  assert.equal(statusAfterSave('update', 'scheduled', undefined, NOW + 5, NOW), 'scheduled');
  assert.equal(statusAfterSave('update', 'scheduled', NOW - 5, NOW + 5, NOW), 'live', 'moved to the past: live now');
  assert.equal(statusAfterSave('unpublish', 'live', undefined, NOW - 5, NOW), 'draft');
  assert.throws(() => statusAfterSave('unpublish', 'draft', undefined, null, NOW), ConflictError);
  assert.equal(statusAfterSave('update', 'draft', undefined, null, NOW), 'draft', 'Update on a draft keeps it a draft');
});

test('which saves make a post public', () => {
  assert.equal(publishes('publish', 'draft'), true);
  assert.equal(publishes('schedule', 'draft'), true);
  assert.equal(publishes('update', 'live'), true);
  assert.equal(publishes('update', 'draft'), false);
  assert.equal(publishes('unpublish', 'live'), false);
  assert.equal(publishes('draft', 'draft'), false);
});
