import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addOwnCopy, ownCopy, withOwnCopies } from './own-copy.js';

test('an own copy is the same text, whatever it holds', () => {
  const big = `${'x'.repeat(300_000)}tag:blogger.com,1999:blog-1.post-2 ünï 漢字 😀 \ud800 lone`;
  for (const text of ['', 'a', big.slice(300_000), big.slice(300_000, 300_020), '\udfff', 'plain ascii text that is long enough']) {
    assert.equal(ownCopy(text), text);
  }
});

test('a set gets a copy only of what it does not hold yet; an entry held whole gets copies of its strings', () => {
  const set = new Set<string>();
  addOwnCopy(set, 'Garden');
  addOwnCopy(set, 'Garden');
  addOwnCopy(set, 'Travel');
  assert.deepEqual([...set], ['Garden', 'Travel']);
  const item = { type: 'comment', body: '<p>Hi</p>', createdAt: 5, authorUrl: undefined, labels: ['a'] };
  const copy = withOwnCopies(item);
  assert.deepEqual(copy, item);
  assert.notEqual(copy, item);
});
