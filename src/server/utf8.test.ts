import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { utf8Bytes } from './utf8.js';

test('utf8Bytes gives the bytes Buffer.from gives: naughty strings, surrogates, pages built by concatenation', () => {
  const naughty = JSON.parse(readFileSync(new URL('../../test/fixtures/naughty/blns.json', import.meta.url), 'utf8')) as string[];
  let page = '';
  for (const text of naughty) page += `<p>${text}</p>…`;
  const texts = [...naughty, page, '', '😀'.repeat(5000), 'a\ud800b\udc00c', '\udbff', 'é'.repeat(30_000), 'x'.repeat(100_000)];
  for (const text of texts) assert.deepEqual(utf8Bytes(text), Buffer.from(text, 'utf8'), JSON.stringify(text.slice(0, 40)));
});

test('utf8Bytes hands out bytes of their own: a later call does not change an earlier result', () => {
  const first = utf8Bytes('first page …');
  const second = utf8Bytes('second one, longer than the first …');
  assert.equal(first.toString('utf8'), 'first page …');
  assert.equal(second.toString('utf8'), 'second one, longer than the first …');
});

test('utf8Bytes encodes texts past its scratch limit too', () => {
  const huge = 'ü…'.repeat(400_000);
  assert.deepEqual(utf8Bytes(huge), Buffer.from(huge, 'utf8'));
  assert.equal(utf8Bytes('after').toString(), 'after');
});
