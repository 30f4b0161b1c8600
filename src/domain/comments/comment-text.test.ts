import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { htmlToText } from '../text/plain-text.js';
import { commentHtmlFromText, commentTextFromHtml } from './comment-text.js';

test('the edit box shows what the writer typed: paragraphs, line breaks, links, allowed tags, plain < and &', () => {
  for (const typed of [
    'Hello\nworld\n\nSecond paragraph https://example.com/a?b=1&c=2.',
    'a < b & c > d "quoted" and it’s fine',
    '<b>bold</b> <i>it</i> <a href="https://x.example/">named link</a> <code>x = 1</code>',
    'indented\n   more',
    'اردو میں تبصرہ\n\nدوسرا پیراگراف',
  ])
    assert.equal(commentTextFromHtml(commentHtmlFromText(typed)), typed);
});

test('entities a person typed on purpose stay entities, so saving the box unchanged changes nothing', () => {
  const typed = 'Write <code>&lt;p&gt;</code> for a paragraph';
  const html = commentHtmlFromText(typed);
  assert.equal(commentTextFromHtml(html), typed);
  assert.equal(commentHtmlFromText(commentTextFromHtml(html)), html);
});

test('over the naughty strings, the text shown gives back the very same stored HTML', () => {
  const list: string[] = JSON.parse(readFileSync(new URL('../../../test/fixtures/naughty/blns.json', import.meta.url), 'utf8'));
  let comments = 0;
  const differ: string[] = [];
  for (const typed of list) {
    let html: string;
    try {
      html = commentHtmlFromText(typed);
    } catch {
      continue;
    }
    if (!htmlToText(html).trim()) continue; // refused as empty: never stored
    comments++;
    let again = '';
    try {
      again = commentHtmlFromText(commentTextFromHtml(html));
    } catch {
      again = '(refused)';
    }
    if (again !== html) differ.push(typed);
  }
  // Those that differ are typed markup the sanitizer dropped or restructured (`ABC<div style=…>DEF` is
  // stored as `<p>ABC</p>DEF`): the box shows the text without the dropped tags; the HTML stays sanitized.
  for (const typed of differ) assert.match(typed, /<(?!\/?(b|i|a|blockquote|code|br|p)\b)[a-z]/i, typed);
  console.log(`round trip: ${comments - differ.length} of ${comments} naughty comments give the same HTML back`);
  assert.ok(comments - differ.length >= comments * 0.9);
});
