import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlToText, snippet } from './plain-text.js';
import { slugify, isValidSlug } from './slug.js';
import { isRightToLeft, looksRightToLeft } from './direction.js';

test('htmlToText drops tags, decodes entities, folds whitespace and skips scripts', () => {
  assert.equal(htmlToText('<p>Fish &amp; chips</p><p>are   <b>good</b></p>'), 'Fish & chips are good');
  assert.equal(htmlToText('a<script>alert(1)</script>b<style>p{}</style>c'), 'abc');
  assert.equal(htmlToText('<ul><li>one</li><li>two</li></ul>'), 'one two');
  assert.equal(htmlToText('x&nbsp;y&#x27;z\u0007'), "x y'z");
});

test('snippet cuts at a word boundary near the length and ends with an ellipsis', () => {
  const text = 'The quick brown fox jumps over the lazy dog and keeps running far away';
  const cut = snippet(text, 30);
  assert.equal(cut, 'The quick brown fox jumps over…');
  assert.ok(Array.from(cut).length <= 31);
  assert.equal(snippet('short text', 30), 'short text');
  assert.equal(snippet('a'.repeat(50), 10), `${'a'.repeat(10)}…`);
});

test('snippet keeps right-to-left text whole and cuts it at a word', () => {
  const urdu = 'یہ ایک بہت لمبی اردو تحریر ہے جو کئی الفاظ پر مشتمل ہے اور اسے مختصر کرنا ہے';
  const cut = snippet(urdu, 25);
  assert.ok(cut.endsWith('…'));
  assert.ok(urdu.startsWith(cut.slice(0, -1)));
  assert.ok(looksRightToLeft(cut));
});

test('slugify keeps letters of every script and cuts long titles at a hyphen', () => {
  assert.equal(slugify('Hello, World!'), 'hello-world');
  assert.equal(slugify("Don't stop"), 'dont-stop');
  assert.equal(slugify('سفر نامہ'), 'سفر-نامہ');
  assert.equal(slugify('!!!'), '');
  const long = slugify('word '.repeat(40));
  assert.ok(long.length <= 60 && !long.endsWith('-'));
  assert.ok(isValidSlug('my-post_2'));
  assert.ok(!isValidSlug('../etc/passwd'));
  assert.ok(!isValidSlug('-leading'));
});

test('right-to-left languages are recognised by tag', () => {
  for (const tag of ['ur', 'ar', 'fa', 'he', 'ur-PK', 'ar-EG']) assert.ok(isRightToLeft(tag), tag);
  for (const tag of ['en', 'pt-BR', 'tr']) assert.ok(!isRightToLeft(tag), tag);
});
