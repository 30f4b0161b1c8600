import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

/** The cut by code points as Array.from makes them: what snippet's walk over UTF-16 units must equal. */
function snippetByCodePoints(text: string, length: number): string {
  const chars = Array.from(text);
  if (chars.length <= length) return text;
  const head = chars.slice(0, length + 1).join('');
  const lastSpace = head.lastIndexOf(' ');
  const cut = lastSpace >= length * 0.5 ? head.slice(0, lastSpace) : chars.slice(0, length).join('');
  return `${cut.replace(/[\s.,;:!?،؛۔-]+$/u, '')}…`;
}

test('snippet counts code points: surrogate pairs stay whole, lone surrogates count as one, naughty strings cut alike', () => {
  const naughty = JSON.parse(readFileSync(new URL('../../../test/fixtures/naughty/blns.json', import.meta.url), 'utf8')) as string[];
  const texts = [
    ...naughty,
    naughty.join(' '),
    '😀'.repeat(40),
    `${'a'.repeat(9)}😀${'b'.repeat(30)}`,
    '\ud800x'.repeat(30),
    'x\udc00'.repeat(30),
    '😀 🇺🇳 👩‍👩‍👧 '.repeat(10),
  ];
  for (const text of texts)
    for (const length of [0, 1, 5, 9, 10, 11, 30, 155])
      assert.equal(snippet(text, length), snippetByCodePoints(text, length), JSON.stringify({ text: text.slice(0, 40), length }));
  assert.equal(snippet(`${'a'.repeat(9)}😀${'b'.repeat(30)}`, 10), `${'a'.repeat(9)}😀…`);
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
