import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Parser } from 'htmlparser2';
import { beforeJumpBreak, highlightExcerpt, jsonForScript, sanitizeCommentHtml, sanitizePostHtml } from './sanitize.js';

const payloads = (
  JSON.parse(readFileSync(new URL('../../../../shared/testdata/xss/dompurify-expect.json', import.meta.url), 'utf8')) as {
    payload: string;
  }[]
).map((p) => p.payload);

/** What must never survive sanitizing, read from the parsed output: script, handlers, script URLs, embedding. */
function assertInert(html: string, payload: string): void {
  const parser = new Parser({
    onopentag(name, attribs) {
      assert.doesNotMatch(name, /^(script|iframe|object|embed|form|style|svg|math|base|meta|link|frame|frameset)$/, payload);
      for (const [attr, value] of Object.entries(attribs)) {
        assert.doesNotMatch(attr, /^on|^style$|^formaction$|^xlink:href$/i, payload);
        if (attr === 'href' || attr === 'src' || attr === 'srcset') {
          assert.doesNotMatch(value.replace(/[\s\u0000-\u0020\u2028\u2029\u00a0]/g, ''), /^(javascript|vbscript|data):/i, payload);
        }
      }
    },
  });
  parser.write(html);
  parser.end();
}

test(`none of DOMPurify's ${payloads.length} XSS payloads survives the post allow-list`, () => {
  assert.ok(payloads.length > 200);
  for (const payload of payloads) assertInert(sanitizePostHtml(payload).html, payload);
});

test('none of the XSS payloads survives the comment allow-list, and links get rel=nofollow ugc', () => {
  for (const payload of payloads) assertInert(sanitizeCommentHtml(payload).html, payload);
  assert.equal(
    sanitizeCommentHtml('<a href="https://x.example/" onclick="x()">x</a>').html,
    '<a href="https://x.example/" rel="nofollow ugc noopener">x</a>',
  );
  assert.equal(sanitizeCommentHtml('<h1>big</h1><img src=x>').html, 'big');
});

test('a post keeps its formatting; a body h1 becomes h2 so the title stays the only h1', () => {
  const html =
    '<h1>T</h1><p><b>b</b> <a href="https://a.example/">a</a></p><img src="https://i.example/p.jpg" alt="p"><table><tr><td>1</td></tr></table>';
  const clean = sanitizePostHtml(html).html;
  assert.match(clean, /<h2>T<\/h2>/);
  assert.match(clean, /<a href="https:\/\/a.example\/">a<\/a>/);
  assert.match(clean, /<img src="https:\/\/i.example\/p.jpg" alt="p" \/>/);
  assert.match(clean, /<td>1<\/td>/);
});

test('JSON for a script element cannot close it', () => {
  const json = jsonForScript({ headline: '</script><script>alert(1)</script>' }).html;
  assert.doesNotMatch(json, /<\/script/i);
  assert.deepEqual(JSON.parse(json), { headline: '</script><script>alert(1)</script>' });
});

test('search excerpts are escaped and only the search marks become <mark>', () => {
  assert.equal(highlightExcerpt('<b>x</b> \u0002word\u0003 \u0003').html, '&lt;b&gt;x&lt;/b&gt; <mark>word</mark> ');
});

test("Blogger's jump break survives as id=more; no other id or name does", () => {
  assert.equal(sanitizePostHtml('<p>a</p><a name="more"></a><p>b</p>').html, '<p>a</p><a id="more"></a><p>b</p>');
  assert.equal(sanitizePostHtml('<a id="main" name="x" href="#y">z</a>').html, '<a href="#y">z</a>');
  assert.equal(beforeJumpBreak('<p>a <b>b<a id="more"></a> c</b></p>')?.html, '<p>a <b>b</b></p>');
  assert.equal(beforeJumpBreak('<p>no break</p>'), undefined);
});

test('a javascript: URL hidden behind Unicode spaces or invisible characters is dropped', () => {
  for (const space of ['\u2028', '\u00A0', '\u180E', '\u200B', '\u3000', '\uFEFF', '\u0001']) {
    const html = sanitizePostHtml(`<a href="${space}javascript:alert(1)">x</a><img src="${space}javascript:alert(1)">`).html;
    assert.doesNotMatch(html, /javascript/i, JSON.stringify(space));
  }
  assert.equal(sanitizePostHtml('<a href=" https://example.com/ ">ok</a>').html, '<a href="https://example.com/">ok</a>');
});

test('an uploaded image gets a srcset of its WebP copies; other images are left as they are', () => {
  const html = sanitizePostHtml(
    '<img src="/uploads/12/34/1000.jpg" alt="a"><img src="https://example.com/x.png" srcset="https://example.com/y.png 2x">',
  ).html;
  assert.match(html, /srcset="\/uploads\/12\/34\/480\.webp 480w, \/uploads\/12\/34\/960\.webp 960w, \/uploads\/12\/34\/1000\.webp 1000w"/);
  assert.match(html, /<img src="https:\/\/example\.com\/x\.png" srcset="https:\/\/example\.com\/y\.png 2x" \/>/);
});
