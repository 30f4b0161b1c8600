/**
 * The compiled bundled themes answer every kind of page byte for byte as LiquidJS does: two apps over
 * one database, one rendering through the compiler, the other through LiquidJS only. Rendering does not
 * depend on the SQL dialect, so SQLite alone is used.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { loadTheme, THEMES_DIR } from '../../src/render/theme.js';
import type { Services } from '../../src/services.js';
import type { Storage } from '../../src/storage/database.js';
import { testDatabases } from '../helpers/databases.js';
import { BROWSER_UA, hostOf } from '../helpers/app.js';
import { makeBlog, makePost, servicesFor, TestClock } from '../helpers/factories.js';
import { makeEnglishBlog, makeUrduBlog, type SampleBlog } from '../helpers/sample-blogs.js';
import { makeShowcaseEnglish } from '../helpers/showcase-blogs.js';
import { postPath } from '../../src/domain/blogs/urls.js';

const NAUGHTY: string[] = JSON.parse(readFileSync(new URL('../fixtures/naughty/blns.json', import.meta.url), 'utf8'));
const sqlite = testDatabases[0]!;

describe('compiled themes', () => {
  let storage: Storage;
  let services: Services;
  let dataDir: string;
  let compiled: FastifyInstance;
  let interpreted: FastifyInstance;
  const paths: { blog: string; path: string }[] = [];

  async function app(compile: boolean): Promise<FastifyInstance> {
    const built = await buildApp({
      config: {
        trustProxy: false,
        logLevel: 'silent',
        pageCacheSeconds: 0,
        secretKey: 'test-secret-key-that-is-long-enough-to-use',
        baseDomain: 'example.test',
        uploadMaxBytes: 1024 * 1024,
        importMaxBytes: 1024 * 1024,
      },
      services,
      theme: loadTheme('default', THEMES_DIR, { compile }),
      bundledThemes: { minimal: loadTheme('minimal', THEMES_DIR, { compile }), magazine: loadTheme('magazine', THEMES_DIR, { compile }) },
    });
    await built.ready();
    return built;
  }

  function pagesOf(sample: SampleBlog): void {
    const name = sample.blog.name;
    for (const p of [
      '/',
      postPath(sample.featured),
      `${postPath(sample.featured)}?reply=1#comment-form`,
      postPath(sample.posts[1]!),
      `/search/label/${encodeURIComponent(sample.label)}`,
      `/search?q=${encodeURIComponent(sample.searchWord)}`,
      '/search?q=nothing-matches-this',
      `/${new Date(sample.featured.published_at!).getUTCFullYear()}/`,
      '/no/such/page.html',
    ])
      paths.push({ blog: name, path: p });
  }

  before(async () => {
    storage = await sqlite.open();
    dataDir = mkdtempSync(path.join(tmpdir(), 'dastan-compiled-'));
    services = servicesFor(storage, new TestClock(), { dataDir });
    const english = await makeEnglishBlog(services);
    const urdu = await makeUrduBlog(services);
    await services.themes.chooseTheme(urdu.blog, 'minimal');
    pagesOf(english);
    pagesOf(urdu);
    // The magazine theme on a blog with pictures, pages and a logo: cards, the featured post, the menu.
    const showcase = await makeShowcaseEnglish(services);
    await services.themes.chooseTheme(showcase.blog, 'magazine');
    for (const p of [
      '/',
      postPath(showcase.featured),
      postPath(showcase.posts[0]!),
      postPath(showcase.pages[0]!),
      `/search/label/${showcase.label}`,
    ])
      paths.push({ blog: showcase.blog.name, path: p });
    const naughty = await makeBlog(services, { name: 'naughty', title: NAUGHTY[40]!, description: NAUGHTY[120]! });
    for (const [i, s] of NAUGHTY.slice(0, 60).entries()) {
      const post = await makePost(services, naughty, {
        title: s.trim() === '' ? `blank ${i}` : s,
        body: `<p>${s.replace(/[<&]/g, '')}</p>`,
        labels: /^[\s.]*$/.test(s) ? [] : [s.slice(0, 40).replace(/,/g, ' ')],
      });
      if (i < 20)
        await services.comments.addComment({
          blogId: naughty.id,
          postId: post.id,
          authorName: s.trim() || 'x',
          body: `<p>${s.replace(/[<&]/g, '')}</p>`,
        });
      if (i % 10 === 0) paths.push({ blog: 'naughty', path: postPath(post) });
    }
    paths.push({ blog: 'naughty', path: '/' }, { blog: 'naughty', path: `/search?q=${encodeURIComponent(NAUGHTY[7]!)}` });
    compiled = await app(true);
    interpreted = await app(false);
  });

  after(async () => {
    await compiled.close();
    await interpreted.close();
    await services.viewCounter.stop();
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // The comment form's time stamp is signed with the time: the two apps' differ by design.
  const withoutStamp = (html: string) => html.replace(/name="_ts" value="[^"]*"/g, 'name="_ts" value=""');

  test('every page is the same, compiled or interpreted', async () => {
    assert.ok(paths.length >= 20);
    for (const { blog, path: url } of paths) {
      const request = { method: 'GET' as const, url, headers: { host: hostOf(blog), 'user-agent': BROWSER_UA } };
      const a = await compiled.inject(request);
      const b = await interpreted.inject(request);
      assert.equal(a.statusCode, b.statusCode, `${blog} ${url}`);
      assert.ok(a.body.length > 500, `${blog} ${url} rendered a page`);
      assert.equal(withoutStamp(a.body), withoutStamp(b.body), `${blog} ${url}`);
    }
  });
});
