/**
 * A blog's layout as readers meet it, on both databases: the default reproduces the fixed sidebar of
 * before; a saved layout shows every gadget in its order on the kinds of page picked; hostile text,
 * HTML and links are escaped, sanitized or refused; a saved layout reaches cached pages at once; the
 * Blog list fetches another site's feed in the background through the URL-fetch guard.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, cpSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createServices, type Services } from '../../src/services.js';
import { loadTheme, THEMES_DIR } from '../../src/render/theme.js';
import { PageRenderer } from '../../src/render/pages.js';
import { presentSidebar } from '../../src/render/presenters/sidebar.presenter.js';
import { blogTexts } from '../../src/render/i18n/blog-texts.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import { InvalidInputError } from '../../src/domain/errors.js';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog, makePost, TEST_BASE_DOMAIN } from '../helpers/factories.js';
import { everyGadgetLayout, uploadTestImage } from '../helpers/layouts.js';

const NAUGHTY: string[] = JSON.parse(readFileSync(new URL('../fixtures/naughty/blns.json', import.meta.url), 'utf8'));
const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  '<a href="javascript:alert(1)">x</a>',
  '</textarea><script>alert(1)</script>',
  '{{ 7 | times: 7 }}{% raw %}',
];

/** The IDs of the gadgets in the page's sidebar, footer and under-post areas, in document order. */
function gadgetIds(html: string, area: 'sidebar' | 'footer' | 'under-post'): string[] {
  const start = area === 'sidebar' ? html.indexOf('<aside class="sidebar"') : html.indexOf(`<div class="gadget-area gadget-area-${area}">`);
  if (start < 0) return [];
  const end = html.indexOf(area === 'sidebar' ? '</aside>' : '\n</div>', start);
  return [...html.slice(start, end).matchAll(/<(?:section|nav) id="([^"]+)" class="gadget/g)].map((m) => m[1]!);
}

/** Markup with whitespace between tags and the gadget-type classes taken out, for comparing old and new. */
const normalized = (html: string) =>
  html
    .replace(/>\s+</g, '><')
    .replace(/ gadget-(popular|labels|archive|search)"/g, '"')
    .trim();

/** A peer site serving an Atom feed (with a hostile link among its entries) on 127.0.0.1. */
async function feedPeer(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/atom+xml' });
    res.end(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Peer &lt;b&gt;site</title>
      <link href="https://peer.example/" rel="alternate"/>
      <entry><title>Older walk</title><link href="https://peer.example/older" rel="alternate"/><updated>2026-11-01T10:00:00Z</updated></entry>
      <entry><title>Newest walk &lt;script&gt;</title><link href="https://peer.example/newest" rel="alternate"/><updated>2026-11-10T10:00:00Z</updated></entry>
      <entry><title>Evil</title><link href="javascript:alert(1)" rel="alternate"/><updated>2026-11-11T10:00:00Z</updated></entry>
    </feed>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/feed.atom`, hits: () => hits, close: () => new Promise((r) => server.close(() => r())) };
}

for (const database of testDatabases) {
  describe(`layout and gadgets on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let fetcher: Services;
    let blog: BlogRow;
    let post: PostRow;
    let page: PostRow;
    let peer: Awaited<ReturnType<typeof feedPeer>>;
    let dataDir: string;

    before(async () => {
      t = await startTestApp(database, { pageCacheSeconds: 60 });
      peer = await feedPeer();
      dataDir = mkdtempSync(path.join(tmpdir(), 'dastan-layout-'));
      // The same database with the install's allow-list naming the local peer (OUTBOUND_ALLOW).
      fetcher = createServices(t.storage, { baseDomain: TEST_BASE_DOMAIN, outboundAllow: ['127.0.0.1'], dataDir }, t.clock.now);
      blog = await makeBlog(t.services, { name: 'walks', title: 'Walks' });
      const owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      post = await makePost(t.services, blog, { title: 'A long walk', labels: ['hills'], publishedAt: Date.parse('2026-11-02T10:00:00Z') });
      page = await makePost(t.services, blog, { kind: 'page', title: 'About us', slug: 'about' });
    });
    after(async () => {
      await fetcher.viewCounter.stop();
      await peer.close();
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const fresh = async () => (await t.services.repositories.blogs.findById(blog.id))!;

    test('a blog that never saved a layout shows the fixed sidebar of before: the same markup but for whitespace and the gadget-type classes', async () => {
      const current = await fresh();
      const site = { blog: current, origin: 'http://walks.example.test' };
      const sidebar = await t.services.reader.sidebar(current);
      for (const name of ['default', 'magazine', 'minimal']) {
        const root = mkdtempSync(path.join(tmpdir(), 'dastan-before-'));
        cpSync(path.join(THEMES_DIR, name), path.join(root, name), { recursive: true });
        writeFileSync(
          path.join(root, name, 'sidebar.liquid'),
          readFileSync(new URL(`../fixtures/layout/sidebar-before-${name}.liquid`, import.meta.url)),
        );
        const before = await loadTheme(name, root).render(
          'sidebar',
          { sidebar: presentSidebar(site, sidebar), search: { query: '', inSidebar: true } },
          blogTexts(current),
        );
        rmSync(root, { recursive: true, force: true });
        const theme = loadTheme(name);
        const pages = new PageRenderer({ forBlog: async () => ({ theme, css: '', cssPath: '/t.css' }) });
        const html = await pages.home(site, (await t.services.reader.listPosts(current))!, sidebar, { older: null, newer: null }, '/');
        const start = html.indexOf(name === 'minimal' ? '<aside class="gadgets"' : '<aside class="sidebar"');
        const now = html.slice(start, html.indexOf('</aside>', start) + '</aside>'.length);
        assert.equal(normalized(now), normalized(before), `${name}: the default layout's sidebar`);
      }
    });

    test('a layout with every gadget: each in its order, on the right kinds of page, compiled and interpreted alike', async () => {
      const imageSrc = await uploadTestImage(t.services, blog);
      const layout = everyGadgetLayout({ featured: post, imageSrc, feedUrl: peer.url });
      // The archive gadget only on archive pages; the text gadget under the post only on posts.
      layout.sidebar.find((g) => g.id === 'archive')!.show = ['archive'];
      layout['under-post'][0]!.show = ['post'];
      await t.services.layout.save(await fresh(), 'owner', layout);
      await t.services.layout.setPageOrder(await fresh(), [page.id]);

      const home = (await t.get('walks', '/')).body;
      const sidebarOrder = layout.sidebar.map((g) => g.id).filter((id) => id !== 'archive' && id !== 'blog-list-1');
      assert.deepEqual(gadgetIds(home, 'sidebar'), sidebarOrder, 'home: every gadget but the archive and the unfetched blog list');
      assert.deepEqual(gadgetIds(home, 'footer'), ['contact']);
      assert.deepEqual(gadgetIds(home, 'under-post'), []);
      assert.match(home, /<a href="\/p\/about\.html"><bdi>About us<\/bdi><\/a>/, 'the Pages gadget');
      assert.match(home, /<p>Made with <strong>care<\/strong>\.<\/p>/, 'the HTML gadget, as sanitized');
      assert.match(home, /<img class="gadget-picture" src="\/uploads\/[^"]+" [^>]*alt="A red square"/, 'the Image gadget');
      assert.match(home, /<li><bdi>Olive Owner<\/bdi><\/li>/, 'the Profile gadget lists the members');
      assert.match(home, new RegExp(`<a href="${postPath(post).replace(/[.]/g, '\\.')}">A long walk</a>`), 'the Featured post gadget');
      assert.match(home, /<form class="contact-form" method="post" action="\/contact">/);
      assert.match(home, /<a href="\/subscribe">Follow by e-mail<\/a>/);

      const archive = (await t.get('walks', '/2026/')).body;
      assert.ok(gadgetIds(archive, 'sidebar').includes('archive'), 'the archive page has the archive gadget');
      const postPage = (await t.get('walks', postPath(post))).body;
      assert.deepEqual(gadgetIds(postPage, 'under-post'), ['text-2']);
      assert.match(postPage, /<p>Thanks for reading\.<\/p>/);
      const aboutPage = (await t.get('walks', '/p/about.html')).body;
      assert.deepEqual(gadgetIds(aboutPage, 'under-post'), [], 'a page is not a post');
      const search = (await t.get('walks', '/search?q=walk')).body;
      assert.ok(!gadgetIds(search, 'sidebar').includes('search'), 'the search page has its own form instead');

      for (const name of ['default', 'magazine', 'minimal']) {
        const site = { blog: await fresh(), origin: 'http://walks.example.test' };
        const sidebar = await t.services.reader.sidebar(site.blog);
        const view = (await t.services.reader.post(site.blog, 2026, 11, post.slug))!;
        const [compiled, interpreted] = await Promise.all(
          [true, false].map((compile) => {
            const theme = loadTheme(name, THEMES_DIR, { compile });
            return new PageRenderer({ forBlog: async () => ({ theme, css: '', cssPath: '/t.css' }) }).post(site, view, sidebar);
          }),
        );
        assert.equal(compiled, interpreted, `${name}: the compiled theme prints what LiquidJS prints`);
      }
    });

    test('the Blog list fetches its feed in the background, through the guard, and shows only web links', async () => {
      const current = await fresh();
      await fetcher.layout.save(current, 'owner', JSON.parse(current.layout));
      const before = peer.hits();
      await fetcher.jobs.drainForTests();
      assert.equal(peer.hits(), before + 1, 'fetched once');
      // The fetch ran in another app (as in another process): this one sees it once its host cache runs out.
      t.clock.advance(10_000);
      const home = (await t.get('walks', '/')).body;
      assert.ok(gadgetIds(home, 'sidebar').includes('blog-list-1'));
      assert.match(home, /<a href="https:\/\/peer\.example\/"[^>]*><bdi>Peer &lt;b&gt;site<\/bdi><\/a>/);
      assert.match(home, /Newest walk &lt;script&gt;/);
      assert.ok(home.indexOf('Newest walk') < home.indexOf('Older walk'), 'newest first');
      assert.doesNotMatch(home, /javascript:/);
      // Without the allow-list, the guard refuses a loopback address: the failure is recorded, nothing shown breaks.
      const refused = (await t.services.layout.feedStates(current, [peer.url]))[0]!;
      assert.equal(refused.error, '');
      await t.services.repositories.blogs.touch(blog.id, t.clock.now());
      t.clock.advance(3600_000);
      await t.services.jobs.drainForTests();
      const after = (await t.services.layout.feedStates(current, [peer.url]))[0]!;
      assert.match(after.error, /refused: 127\.0\.0\.1 is a private or local address/, 'the unallowed fetch is refused and said why');
      assert.match((await t.get('walks', '/')).body, /Older walk/, 'what was fetched before is still shown');
    });

    test('hostile text, HTML and links: escaped, sanitized without script, or refused with a message and nothing changed', async () => {
      const imageSrc = await uploadTestImage(t.services, blog);
      for (const payload of XSS) {
        const layout = everyGadgetLayout({ featured: post, imageSrc, feedUrl: peer.url, text: payload, html: payload });
        layout.sidebar[0]!.title = payload;
        const saved = await t.services.layout.save(await fresh(), 'owner', layout);
        const html = saved.sidebar.find((g) => g.type === 'html')!.settings;
        assert.doesNotMatch(html.html, /<script|onerror|onload|javascript:/i, `stored HTML of ${payload}`);
        const home = (await t.get('walks', '/')).body;
        assert.doesNotMatch(home, /<script>alert|<img src=x|<svg\/onload|href="javascript:/i, `page with ${payload}`);
      }
      const stored = (await fresh()).layout;
      for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', '//evil.example/', 'vbscript:x', ' ']) {
        const layout = everyGadgetLayout({ featured: post, imageSrc, feedUrl: peer.url });
        (layout.sidebar[5]!.settings as { links: { text: string; url: string }[] }).links.push({ text: 'bad', url });
        await assert.rejects(t.services.layout.save(await fresh(), 'owner', layout), (e: unknown) => {
          assert.ok(e instanceof InvalidInputError);
          assert.match(e.message, /^“Friends”: A link must be a web address/);
          return true;
        });
      }
      const noAlt = everyGadgetLayout({ featured: post, imageSrc, feedUrl: peer.url });
      (noAlt.sidebar[8]!.settings as { alt: string }).alt = '   ';
      await assert.rejects(t.services.layout.save(await fresh(), 'owner', noAlt), /needs a text alternative/);
      const otherBlog = everyGadgetLayout({ featured: post, imageSrc: '/uploads/1/2/640.png', feedUrl: peer.url });
      await assert.rejects(t.services.layout.save(await fresh(), 'owner', otherBlog), /uploaded to this blog/);
      const twice = everyGadgetLayout({ featured: post, imageSrc, feedUrl: peer.url });
      twice.footer.push({ ...twice.sidebar[0]!, id: 'popular-2' });
      await assert.rejects(t.services.layout.save(await fresh(), 'owner', twice), /one Popular posts gadget/);
      await assert.rejects(t.services.layout.save(await fresh(), 'owner', { header: [] }), /no area “header”/);
      await assert.rejects(
        t.services.layout.save(await fresh(), 'owner', { sidebar: [{ id: 'x', type: 'clock', title: '', show: [], settings: {} }] }),
        /Unknown gadget/,
      );
      assert.equal((await fresh()).layout, stored, 'nothing refused was stored');
    });

    test('naughty strings in titles and text render without breaking the page', async () => {
      const imageSrc = await uploadTestImage(t.services, blog);
      const chunk = NAUGHTY.filter((s) => s.length <= 200).slice(0, 400);
      for (let i = 0; i < chunk.length; i += 40) {
        const layout = everyGadgetLayout({ featured: post, imageSrc, feedUrl: peer.url, text: chunk.slice(i, i + 40).join('\n\n') });
        layout.sidebar.forEach((g, n) => (g.title = chunk[(i + n) % chunk.length]!));
        await t.services.layout.save(await fresh(), 'owner', layout);
        const res = await t.get('walks', '/');
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /<\/html>\s*$/);
        assert.doesNotMatch(res.body, /<script>alert/);
      }
    });

    test('saving a layout reaches the cached pages at once; resetting brings the fixed sidebar back', async () => {
      await t.services.layout.reset(await fresh());
      const cached = (await t.get('walks', '/')).body;
      assert.deepEqual(gadgetIds(cached, 'sidebar'), ['popular-posts', 'labels', 'archive', 'search']);
      const layout = { sidebar: [{ id: 'text-9', type: 'text', title: 'Hello', show: ['home'], settings: { text: 'Fresh words' } }] };
      await t.services.layout.save(await fresh(), 'owner', layout);
      const now = (await t.get('walks', '/')).body;
      assert.deepEqual(gadgetIds(now, 'sidebar'), ['text-9']);
      assert.doesNotMatch((await t.get('walks', postPath(post))).body, /<aside class="sidebar"/, 'no empty sidebar where no gadget shows');
      await t.services.layout.reset(await fresh());
    });
  });
}
