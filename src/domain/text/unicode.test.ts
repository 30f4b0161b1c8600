import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutText, wellFormed } from './unicode.js';

test('lone surrogates become U+FFFD; pairs stay', () => {
  assert.equal(wellFormed('a\uD800b\uDC00c'), 'a\uFFFDb\uFFFDc');
  assert.equal(wellFormed('😀 \uD801\uDC1C'), '😀 \uD801\uDC1C');
  assert.equal(wellFormed('\uDC00\uD800'), '\uFFFD\uFFFD');
  assert.equal(wellFormed('end\uD83D'), 'end\uFFFD');
});

test('a cut never splits a character', () => {
  assert.equal(cutText('abc', 5), 'abc');
  assert.equal(cutText('abcdef', 3), 'abc');
  assert.equal(cutText('ab😀', 3), 'ab');
  assert.equal(cutText('ab😀', 4), 'ab😀');
});
