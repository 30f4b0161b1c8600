import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffLines, htmlLines } from './line-diff.js';

test('a diff keeps common lines and marks what was added and removed', () => {
  const diff = diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd']);
  assert.deepEqual(
    diff.map((d) => `${d.kind[0]}${d.text}`),
    ['sa', 'rb', 'ax', 'sc', 'ad'],
  );
});

test('post HTML splits into one line per block', () => {
  assert.deepEqual(htmlLines('<h2>T</h2><p>one</p><ul><li>a</li><li>b</li></ul>'), [
    '<h2>T</h2>',
    '<p>one</p>',
    '<ul><li>a</li>',
    '<li>b</li>',
    '</ul>',
  ]);
});
