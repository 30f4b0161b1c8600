import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HtmlValidate } from 'html-validate';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog, makePost } from '../helpers/factories.js';

// The standard rule set for valid HTML; style preferences (attribute quoting, void-element style) left out.
const validator = new HtmlValidate({
  extends: ['html-validate:standard'],
  rules: { 'void-style': 'off', 'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'long-title': 'off' },
});

const sqlite = testDatabases[0]!;

describe('every kind of public page is valid HTML', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp(sqlite);
    const blog = await makeBlog(t.services, {
      name: 'valid',
      title: 'Valid & "quoted" <blog>',
      description: 'A blog <b>with</b> markup-like text',
    });
    const rtl = await makeBlog(t.services, { name: 'rtl', title: 'سفرنامہ', language: 'ur', timeZone: 'Asia/Karachi' });
    const at = Date.parse('2026-06-15T10:00:00Z');
    const post = await makePost(t.services, blog, {
      title: 'Tables & <lists>',
      body: '<h1>Heading</h1><p>Text with <a href="https://example.com/">a link</a>.</p><ul><li>one</li></ul><table><tr><td>x</td></tr></table><img src="https://example.com/a.png" alt="a"><a name="more"></a><p>After the break</p>',
      labels: ['one & two', 'three'],
      publishedAt: at,
    });
    const c = await t.services.comments.addComment({
      blogId: blog.id,
      postId: post.id,
      authorName: 'Ann <b>',
      authorUrl: 'https://ann.example/',
      body: '<p>First!</p>',
    });
    await t.services.comments.addComment({ blogId: blog.id, postId: post.id, parentId: c.id, authorName: 'Bob', body: 'Reply' });
    await makePost(t.services, blog, { title: 'About', kind: 'page', body: '<p>About me</p>' });
    await makePost(t.services, rtl, { title: 'پہلا سفر', body: '<p>یہ ایک اردو تحریر ہے</p>', labels: ['سفر'], publishedAt: at });
    t.services.viewCounter.record(blog.id, post.id);
    await t.services.viewCounter.flush();
    // The same pages in the minimal theme, with colour and font settings and an edited stylesheet.
    const minimal = await makeBlog(t.services, { name: 'minimal', title: 'Minimal & "quoted"', description: 'Quiet <b>text</b>' });
    const minimalRtl = await makeBlog(t.services, { name: 'mrtl', title: 'سفرنامہ', language: 'ur', timeZone: 'Asia/Karachi' });
    for (const b of [minimal, minimalRtl]) await t.services.themes.chooseTheme(b, 'minimal');
    await t.services.themes.saveSettings((await t.services.repositories.blogs.findById(minimal.id))!, {
      accent: '#7a1f5c',
      bodyFont: 'oldstyle',
    });
    const mpost = await makePost(t.services, minimal, {
      title: 'Tables & <lists>',
      body: '<h2>Heading</h2><p>Text with <a href="https://example.com/">a link</a>.</p><ul><li>one</li></ul><table><tr><td>x</td></tr></table><a name="more"></a><p>After</p>',
      labels: ['one & two', 'three'],
      publishedAt: at,
    });
    const mc = await t.services.comments.addComment({ blogId: minimal.id, postId: mpost.id, authorName: 'Ann', body: '<p>First!</p>' });
    await t.services.comments.addComment({ blogId: minimal.id, postId: mpost.id, parentId: mc.id, authorName: 'Bob', body: 'Reply' });
    await makePost(t.services, minimal, { title: 'About', kind: 'page', body: '<p>About me</p>' });
    await makePost(t.services, minimalRtl, { title: 'پہلا سفر', body: '<p>یہ ایک اردو تحریر ہے</p>', labels: ['سفر'], publishedAt: at });
    t.services.viewCounter.record(minimal.id, mpost.id);
    await t.services.viewCounter.flush();
  });
  after(() => t.close());

  const pages: [string, string, number][] = [
    ['valid', '/', 200],
    ['valid', '/2026/06/tables-lists.html', 200],
    ['valid', '/p/about.html', 200],
    ['valid', '/search/label/three', 200],
    ['valid', '/search?q=text', 200],
    ['valid', '/search?q=', 200],
    ['valid', '/2026/', 200],
    ['valid', '/2026/06/', 200],
    ['valid', '/no/such/page', 404],
    ['nosuchblog', '/', 404],
    ['rtl', '/', 200],
    ['rtl', '/search/label/%D8%B3%D9%81%D8%B1', 200],
    ['minimal', '/', 200],
    ['minimal', '/2026/06/tables-lists.html', 200],
    ['minimal', '/p/about.html', 200],
    ['minimal', '/search/label/three', 200],
    ['minimal', '/search?q=text', 200],
    ['minimal', '/2026/06/', 200],
    ['minimal', '/no/such/page', 404],
    ['mrtl', '/', 200],
    ['mrtl', '/search/label/%D8%B3%D9%81%D8%B1', 200],
  ];
  for (const [blog, path, status] of pages) {
    test(`${blog} ${path}`, async () => {
      const res = await t.get(blog, path);
      assert.equal(res.statusCode, status);
      const report = await validator.validateString(res.body);
      const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} line ${m.line}: ${m.message}`));
      assert.deepEqual(messages, []);
    });
  }
});
