import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Parser } from 'htmlparser2';
import { postHtmlRules, tierOf } from './html-rules.js';
import { beforeJumpBreak, sanitizePostHtml } from './sanitize.js';

const payloads = (
  JSON.parse(readFileSync(new URL('../../../../shared/testdata/xss/dompurify-expect.json', import.meta.url), 'utf8')) as {
    payload: string;
  }[]
).map((p) => p.payload);

const author = postHtmlRules('author', 'media.example.org/embed/');
const admin = postHtmlRules('admin', 'media.example.org/embed/');

/** Every element and attribute of `html`, as `tag` and `tag attr=value`. */
function parts(html: string): string[] {
  const out: string[] = [];
  const parser = new Parser({
    onopentag(name, attribs) {
      out.push(name);
      for (const [attr, value] of Object.entries(attribs)) out.push(`${name} ${attr}=${value}`);
    },
  });
  parser.write(html);
  parser.end();
  return out;
}

test('owners and admins write with the full list; authors and contributors with the basic one', () => {
  assert.equal(tierOf('owner'), 'full');
  assert.equal(tierOf('admin'), 'full');
  assert.equal(tierOf('author'), 'basic');
  assert.equal(tierOf('contributor'), 'basic');
  assert.equal(tierOf(null), 'basic');
});

test('the basic list keeps formatting, tables and details but no class, style, target or players', () => {
  const html =
    '<figure class="wide"><img src="https://x.example/a.png" alt="a"><figcaption class="c">c</figcaption></figure>' +
    '<table><tr><td colspan="2">t</td></tr></table><details><summary>s</summary>d</details>' +
    '<p style="color:red" class="x">p</p><a href="https://x.example/" target="_blank">l</a>' +
    '<video src="https://x.example/v.mp4" controls></video><audio src="https://x.example/a.mp3"></audio>';
  const basic = parts(sanitizePostHtml(html, author).html);
  for (const kept of ['figure', 'figcaption', 'table', 'td colspan=2', 'details', 'summary']) assert.ok(basic.includes(kept), kept);
  assert.deepEqual(
    basic.filter((p) => /class=|style=|target=|^video|^audio/.test(p)),
    [],
  );
  const full = parts(sanitizePostHtml(html, admin).html);
  for (const kept of [
    'figure class=wide',
    'p class=x',
    'a target=_blank',
    'a rel=noopener noreferrer',
    'video src=https://x.example/v.mp4',
  ])
    assert.ok(full.includes(kept), kept);
  assert.ok(!full.some((p) => p.includes('style=')));
});

test('class names are plain names, and a target other than _blank goes', () => {
  const out = sanitizePostHtml('<p class="ok x&quot;y a:b">t</p><a href="/" target="evil">l</a>', admin).html;
  assert.equal(out, '<p class="ok">t</p><a href="/">l</a>');
});

test("an iframe is kept only from the blog's providers, rebuilt with our sandbox and no srcdoc", () => {
  for (const rules of [author, admin]) {
    const kept = sanitizePostHtml(
      '<iframe src="https://media.example.org/embed/1" srcdoc="<script>alert(1)</script>" sandbox="allow-top-navigation" allow="camera" onload="x()" width="560" height="99999" name="n">fallback</iframe>',
      rules,
    ).html;
    assert.equal(
      kept,
      '<iframe src="https://media.example.org/embed/1" title="Embedded content" loading="lazy" sandbox="allow-scripts allow-same-origin allow-popups allow-presentation" allow="fullscreen; picture-in-picture; encrypted-media" referrerpolicy="strict-origin-when-cross-origin" width="560"></iframe>',
    );
    for (const refused of [
      '<iframe src="https://evil.example/embed/1"></iframe>',
      '<iframe src="http://media.example.org/embed/1"></iframe>',
      '<iframe src="javascript:alert(1)"></iframe>',
      '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
      '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
      '<iframe src="//media.example.org/embed/1"></iframe>',
      '<iframe src="https://media.example.org/other"></iframe>',
    ]) {
      assert.equal(sanitizePostHtml(`${refused}<p>after</p>`, rules).html, '<p>after</p>', refused);
    }
  }
  // Another blog's providers are not this one's.
  assert.equal(sanitizePostHtml('<iframe src="https://media.example.org/embed/1"></iframe>', postHtmlRules('owner', '')).html, '');
});

test('the text before a jump break keeps its embeds and an admin’s classes', () => {
  const body = sanitizePostHtml(
    '<p class="lead">a</p><iframe src="https://media.example.org/embed/1"></iframe><a name="more"></a><p>b</p>',
    admin,
  ).html;
  const excerpt = beforeJumpBreak(body)!.html;
  assert.match(excerpt, /^<p class="lead">a<\/p><iframe src="https:\/\/media.example.org\/embed\/1"/);
});

test("none of DOMPurify's XSS payloads survives either tier", () => {
  for (const rules of [author, admin]) {
    for (const payload of payloads) {
      for (const part of parts(sanitizePostHtml(payload, rules).html)) {
        assert.doesNotMatch(part, /^(script|object|embed|form|style|svg|math|base|meta|link|frame|frameset)\b/, payload);
        assert.doesNotMatch(part, /^\S+ (on\w+|style|formaction|xlink:href|srcdoc)=/i, payload);
        assert.doesNotMatch(part, /^\S+ (href|src|srcset|poster)=\s*(javascript|vbscript|data):/i, payload);
        if (part.startsWith('iframe src=')) assert.match(part, /^iframe src=https:\/\/(www\.youtube|media\.example\.org)/, payload);
      }
    }
  }
});
