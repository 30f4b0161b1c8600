import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCustomCss, isAllowedCssUrl } from './custom-css.js';

const refused = (css: string, reason: RegExp) => assert.throws(() => checkCustomCss(css), reason, css);

test('ordinary stylesheets pass unchanged', () => {
  const css = [
    ':root { --link: #0b57d0; }',
    "body { font-family: 'Iowan Old Style', serif; }",
    'blockquote::before { content: "\\201C"; }',
    '@media (max-width: 40rem) { .post { padding: 0 } }',
    '.hero { background: url(https://example.com/a.png) center / cover; }',
    '.logo { background-image: url("/uploads/1/logo.webp"), url(images/x.png); }',
    '@font-face { font-family: X; src: url(https://fonts.example/x.woff2) format("woff2"); }',
    '/* a comment with < and url(javascript:x) inside is only a comment */',
    'a[href^="http"] { text-decoration: underline; }',
  ].join('\n');
  assert.equal(checkCustomCss(css), css);
});

test('@import is refused, however it is written', () => {
  refused('@import url(https://evil.example/x.css);', /line 1: @import is not allowed/);
  refused('a{}\n\n@IMPORT "x.css";', /line 3: @import/);
  refused('@im\\70 ort "x.css";', /@import/);
  refused('@\\69mport "x.css";', /@import/);
});

test('url() reaches only https: addresses and the blog’s own paths', () => {
  for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\\73 cript:alert(1)', 'vbscript:x'])
    refused(`a { background: url(${url}) }`, /script URLs/);
  for (const url of ['http://evil.example/a.png', '//evil.example/a.png', 'data:image/svg+xml,<svg>', 'ftp://x/y', "'http://x/y'"])
    refused(`a { background: url(${url}) }`, /not allowed|markup/);
  refused('a { background: u\\72l(//evil.example/a.png) }', /not allowed: use an https/);
  refused('a { background: url(/unclosed }', /not closed|closes nothing/);
  assert.ok(isAllowedCssUrl('https://example.com/x.png'));
  assert.ok(isAllowedCssUrl('/uploads/x.png'));
  assert.ok(isAllowedCssUrl('#filter'));
  assert.ok(!isAllowedCssUrl('https:/x'));
  assert.ok(!isAllowedCssUrl('/x y'));
});

test('markup, old script hooks and bare image-set strings are refused', () => {
  refused('a { color: red }\n</style><script>alert(1)</script>', /line 2: markup/);
  refused('a::after { content: "<b>" }', /markup/);
  refused('a { width: expression(alert(1)) }', /expression\(\) is not allowed/);
  refused('a { -moz-binding: url(https://x/y.xml#z) }', /script bindings/);
  refused('a { behavior: url(/x.htc) }', /script bindings/);
  refused('a { background: image-set("http://evil/a.png" 1x) }', /use url\(\)/);
});

test('broken structure is refused with its line: unclosed strings, comments and blocks', () => {
  refused('a { content: "x }\nb {}', /line 1: a string is not closed/);
  refused('a {}\n/* never closed', /line 2: a comment is not closed/);
  refused('a { color: red', /1 \{ is not closed/);
  refused('a {}\n}', /line 2: this \} closes nothing/);
  refused('a { color: red }\u0000', /NUL/);
  refused('a{}'.repeat(70_000), /at most 200,000 characters/);
});
