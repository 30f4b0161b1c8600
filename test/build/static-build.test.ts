/**
 * `dastan build` on both databases: the output passes the live site's checks (every internal link
 * resolves inside the output, feeds parse and the JSON Feed is valid, the sitemap validates against the
 * XSD), its bytes equal what the server sends for the same addresses, and a second build writes only
 * what changed and removes what is gone.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { StaticBuilder } from '../../src/build/static-build.js';
import { loadTheme } from '../../src/render/theme.js';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { jsonFeedErrors } from '../helpers/json-feed-schema.js';
import { StaticHost } from '../helpers/static-host.js';
import { hasXmllint, parseXmlStrictly, xsdErrors } from '../helpers/xml.js';

const SITEMAP_XSD = '/work/shared/testdata/feeds/sitemap-0.9.xsd';
const ORIGIN = 'http://travel.example.test';
const BASE = Date.parse('2026-09-01T08:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

/** Every file under `root`, relative, `/`-separated. */
function filesUnder(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(root, relative) : [relative];
  });
}

/** The internal links (href, src, action starting with one `/`) of an HTML page. */
function internalLinks(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src|action)="(\/(?!\/)[^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&').replace(/#.*$/, ''));
}

for (const database of testDatabases) {
  describe(`dastan build on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let out: string;
    let builder: StaticBuilder;
    const posts: PostRow[] = [];
    let quiet: PostRow;
    let about: PostRow;
    const build = () => builder.build(blog, { out, origin: ORIGIN, search: 'live' });

    before(async () => {
      t = await startTestApp(database);
      await makeBlog(t.services, { name: 'home', title: 'The primary blog' });
      blog = await makeBlog(t.services, { name: 'travel', title: 'Travel notes' });
      await t.services.blogs.updateSettings(blog.id, { postsPerPage: 3 });
      for (let i = 0; i < 8; i++) {
        const labels = i % 2 === 0 ? ['rivers', 'long reads'] : ['mountains'];
        posts.push(await makePost(t.services, blog, { title: `Story ${i}`, labels, publishedAt: BASE + i * 9 * DAY }));
      }
      quiet = await makePost(t.services, blog, {
        title: 'No comments here',
        commentsSetting: 'closed-show',
        labels: ['quiet'],
        publishedAt: BASE - 40 * DAY,
      });
      about = await makePost(t.services, blog, { kind: 'page', title: 'About us', commentsSetting: 'closed-show', publishedAt: BASE });
      await makePost(t.services, blog, { title: 'Secret draft', draft: true });
      await t.services.comments.addComment({ blogId: blog.id, postId: posts[2]!.id, authorName: 'Bilal', body: '<p>Lovely rivers</p>' });
      await t.services.repositories.redirects.insertMany([
        { blog_id: blog.id, from_path: '/2019/05/old-story.html', post_id: posts[1]!.id, target_path: null, created_at: 1 },
        { blog_id: blog.id, from_path: '/?p=12', post_id: posts[3]!.id, target_path: null, created_at: 1 },
      ]);
      blog = (await t.services.repositories.blogs.findByName('travel'))!;
      out = mkdtempSync(path.join(tmpdir(), 'dastan-build-'));
      builder = new StaticBuilder(t.services, loadTheme());
    });
    after(async () => {
      await t.close();
      rmSync(out, { recursive: true, force: true });
    });

    test('the first build writes every page kind, feed, sitemap, asset and redirect file', async () => {
      const result = await build();
      assert.equal(result.upToDate, false);
      assert.equal(result.written, result.files);
      const files = new Set(filesUnder(out));
      for (const file of [
        'index.html',
        'page/2.html',
        'page/3.html',
        `${posts[0]!.path_year}/${String(posts[0]!.path_month).padStart(2, '0')}/${posts[0]!.slug}.html`,
        `p/${about.slug}.html`,
        'search/label/rivers.html',
        'search/label/long reads.html',
        'search/label/rivers/page/2.html',
        '2026/index.html',
        '2026/09/index.html',
        'search.html',
        '404.html',
        'feeds/posts/default.xml',
        'feeds/posts/default.rss.xml',
        'feeds/posts/default/-/rivers.xml',
        'feeds/comments/default.xml',
        `feeds/${posts[2]!.id}/comments/default.xml`,
        'feed.json',
        'sitemap.xml',
        'robots.txt',
        'static/theme.css',
        'favicon.ico',
        '_redirects',
        '2019/05/old-story.html',
      ])
        assert.ok(files.has(file), `${file} is written`);
      assert.ok(![...files].some((f) => f.includes('secret-draft')), 'no draft is published');
    });

    test('every internal link of every page resolves inside the output', () => {
      const host = new StaticHost(out);
      const broken: string[] = [];
      for (const file of filesUnder(out).filter((f) => f.endsWith('.html'))) {
        for (const link of internalLinks(readFileSync(path.join(out, file), 'utf8'))) {
          const answer = host.answer(link);
          if (answer.status === 404) broken.push(`${file} → ${link}`);
          if (
            (answer.status === 301 || answer.status === 302) &&
            answer.location.startsWith('/') &&
            host.answer(answer.location).status !== 200
          )
            broken.push(`${file} → ${link} → ${answer.location}`);
        }
      }
      assert.deepEqual(broken, []);
    });

    test('the addresses of feeds and old links answer from the output as on the live site', () => {
      const host = new StaticHost(out);
      const fileOf = (url: string) => {
        const answer = host.answer(url);
        return answer.status === 200 ? path.relative(out, answer.file) : answer;
      };
      assert.equal(fileOf('/feeds/posts/default'), 'feeds/posts/default.xml');
      assert.equal(fileOf('/feeds/posts/default?alt=rss'), 'feeds/posts/default.rss.xml');
      assert.equal(fileOf('/feeds/posts/default/-/long%20reads'), 'feeds/posts/default/-/long reads.xml');
      assert.equal(fileOf(`/feeds/${posts[2]!.id}/comments/default?alt=rss`), `feeds/${posts[2]!.id}/comments/default.rss.xml`);
      assert.deepEqual(fileOf('/?p=12'), {
        status: 301,
        location: `/2026/${String(posts[3]!.path_month).padStart(2, '0')}/${posts[3]!.slug}.html`,
      });
      assert.deepEqual(fileOf('/search?q=rivers'), { status: 302, location: `${ORIGIN}/search?q=rivers` });
      const refresh = readFileSync(path.join(out, '2019/05/old-story.html'), 'utf8');
      assert.match(refresh, new RegExp(`<meta http-equiv="refresh" content="0; url=/2026/\\d\\d/${posts[1]!.slug}.html">`));
      assert.equal(host.answer('/no/such/page.html').status, 404);
    });

    test('feeds parse, the JSON Feed is valid and the sitemap validates against its XSD', () => {
      const feeds = filesUnder(out).filter((f) => f.startsWith('feeds/'));
      assert.ok(feeds.length >= 10);
      for (const file of feeds) {
        const root = parseXmlStrictly(readFileSync(path.join(out, file), 'utf8')).at(-1)!;
        assert.equal(root.path[0], file.endsWith('.rss.xml') ? 'rss' : 'feed', file);
      }
      assert.deepEqual(jsonFeedErrors(JSON.parse(readFileSync(path.join(out, 'feed.json'), 'utf8'))), []);
      const sitemap = readFileSync(path.join(out, 'sitemap.xml'), 'utf8');
      assert.equal((sitemap.match(/<url>/g) ?? []).length, 1 + 9 + 1, 'home, nine posts and the page');
      if (hasXmllint) assert.equal(xsdErrors(sitemap, SITEMAP_XSD), undefined);
    });

    test('pages and documents are byte for byte what the server sends for the same address', async () => {
      const month = (p: PostRow) => `/${p.path_year}/${String(p.path_month).padStart(2, '0')}/`;
      const same: [string, string][] = [
        [`${month(quiet)}${quiet.slug}.html`, `${month(quiet).slice(1)}${quiet.slug}.html`],
        [`/p/${about.slug}.html`, `p/${about.slug}.html`],
        ['/search/label/quiet', 'search/label/quiet.html'],
        [month(quiet), `${month(quiet).slice(1)}index.html`],
        ['/feeds/posts/default', 'feeds/posts/default.xml'],
        ['/feeds/posts/default?alt=rss', 'feeds/posts/default.rss.xml'],
        ['/feeds/posts/default/-/rivers', 'feeds/posts/default/-/rivers.xml'],
        ['/feeds/comments/default', 'feeds/comments/default.xml'],
        [`/feeds/${posts[2]!.id}/comments/default`, `feeds/${posts[2]!.id}/comments/default.xml`],
        ['/feed.json', 'feed.json'],
        ['/sitemap.xml', 'sitemap.xml'],
        ['/robots.txt', 'robots.txt'],
        ['/static/theme.css', 'static/theme.css'],
      ];
      for (const [url, file] of same) {
        const live = await t.get('travel', url);
        assert.equal(live.statusCode, 200, url);
        const built = readFileSync(path.join(out, file));
        if (!live.rawPayload.equals(built)) assert.equal(live.body, built.toString('utf8'), `${url} equals ${file}`);
      }
      // A list with older pages differs only in where "Older posts" leads: a file instead of a query.
      const home = (await t.get('travel', '/')).body.replace(/\/search\?updated-max=[^"]+/, '/page/2.html');
      assert.equal(home, readFileSync(path.join(out, 'index.html'), 'utf8'));
    });

    test('a second build with nothing changed writes nothing', async () => {
      const again = await build();
      assert.equal(again.upToDate, true);
      assert.equal(again.written, 0);
      assert.equal(again.removed, 0);
    });

    test('editing one post rewrites its page and the lists and feeds that show it, nothing else', async () => {
      const edited = posts[7]!;
      await t.services.repositories.posts.update(blog.id, edited.id, {
        body_html: '<p>A new ending.</p>',
        body_text: 'A new ending.',
        updated_at: t.clock.now() + 1000,
      });
      await t.services.repositories.blogs.touch(blog.id, t.clock.now() + 1000);
      blog = (await t.services.repositories.blogs.findByName('travel'))!;
      writeFileSync(path.join(out, 'CNAME'), 'travel.example.org\n');
      const result = await build();
      const monthDir = `2026/${String(edited.path_month).padStart(2, '0')}`;
      const expected = new Set([
        `${monthDir}/${edited.slug}.html`,
        'index.html',
        `${monthDir}/index.html`,
        '2026/index.html',
        'search/label/mountains.html',
        'feeds/posts/default.xml',
        'feeds/posts/default.rss.xml',
        'feeds/posts/summary.xml',
        'feeds/posts/summary.rss.xml',
        'feeds/posts/default/-/mountains.xml',
        'feeds/posts/default/-/mountains.rss.xml',
        'feed.json',
        'sitemap.xml',
        'search.html',
      ]);
      assert.ok(result.changed.includes(`${monthDir}/${edited.slug}.html`), 'the edited post is rewritten');
      // Every feed says when the blog last changed (its <updated>), as the live feeds do.
      const unexpected = result.changed.filter((f) => !expected.has(f) && !f.startsWith('feeds/'));
      assert.deepEqual(unexpected, [], 'only the files that show the post change');
      assert.equal(result.removed, 0);
      assert.ok(existsSync(path.join(out, 'CNAME')), 'a file the build did not write is left alone');
    });

    test('a post moved to the trash loses its page and feeds; the lists no longer show it', async () => {
      const gone = posts[0]!;
      await t.services.editor.moveToTrash(blog.id, [gone.id]);
      blog = (await t.services.repositories.blogs.findByName('travel'))!;
      const result = await build();
      const page = `2026/${String(gone.path_month).padStart(2, '0')}/${gone.slug}.html`;
      assert.equal(existsSync(path.join(out, page)), false);
      assert.equal(existsSync(path.join(out, `feeds/${gone.id}/comments/default.xml`)), false);
      assert.ok(result.removed >= 3, `removed ${result.removed}`);
      assert.doesNotMatch(readFileSync(path.join(out, 'sitemap.xml'), 'utf8'), new RegExp(gone.slug));
    });
  });
}
