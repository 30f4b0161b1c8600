/**
 * Every real export in ../shared/testdata imports: the exact numbers of posts, pages, drafts, comments
 * and labels the file holds, every original address of its public posts answering 200 or 301 to the
 * right post on the imported blog's host, and a second import adding nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { assertLeadsTo, assertMoved, testdata } from '../helpers/imports.js';
import type { ImportCounts } from '../../src/importers/import-report.js';
import type { SourceFormat } from '../../src/importers/import-model.js';

type Counts = Pick<ImportCounts, 'posts' | 'pages' | 'drafts' | 'comments' | 'labels' | 'redirects'>;

interface Fixture {
  file: string;
  format: SourceFormat;
  counts: Counts;
  /** Entries left out (settings, template, custom types…) and repairs, as counted in the report. */
  skipped: number;
  warnings: number;
  /** Every original address of the file's public posts and pages, and the title it must show. */
  urls: [string, string][];
  /** Category, tag and feed addresses: where they must lead. */
  moved?: [string, string][];
  /** Addresses that must not answer (drafts, entries left out). */
  absent?: string[];
  /** The file is cut after its last entry: imported with `partial` (refused without it). */
  partial?: true;
}

const utf8Title = /<title><!\[CDATA\[(.*?)\]\]><\/title>/.exec(
  readFileSync(testdata('wxr/wordpress-importer-wxr-utf-8-challenges.xml'), 'utf8'),
)![1]!;

const FIXTURES: Fixture[] = [
  {
    file: 'blogger/pelican-bloggerexport.xml',
    format: 'blogger-atom',
    counts: { posts: 2, pages: 2, drafts: 2, comments: 1, labels: 2, redirects: 0 },
    skipped: 59, // 58 settings, 1 template
    warnings: 1, // the undeclared app: prefix
    urls: [
      ['/2010/11/the-steel-windpipe.html', 'The Steel Windpipe'],
      ['/p/test-page.html', 'Test page'],
    ],
  },
  {
    file: 'blogger/google-blog-converters-blogger-sample2.xml',
    format: 'blogger-atom',
    counts: { posts: 4, pages: 0, drafts: 0, comments: 3, labels: 4, redirects: 0 },
    skipped: 48, // 47 settings, 1 template
    warnings: 0,
    urls: [
      ['/2008/04/somewhat-brief-history.html', 'A (somewhat) brief history'],
      ['/2008/04/about-me.html', 'About Me'],
      ['/2008/04/rolling-in-hawaii.html', 'Rolling in Hawaii'],
      ['/2008/04/this-about-sums-up-my-life.html', 'This about sums up my life.'],
    ],
  },
  {
    file: 'blogger/net2o-blogger2018-format-snippet.xml.txt',
    format: 'blogger-2018',
    counts: { posts: 1, pages: 0, drafts: 0, comments: 0, labels: 0, redirects: 0 },
    skipped: 0,
    warnings: 1, // the file is cut short after its entry
    partial: true,
    urls: [['/2011/10/nach-suzhou.html', 'Nach Suzhou']],
  },
  {
    file: 'blogger/tryghost-migrate-blogger-api-v3-response.json',
    format: 'blogger-api',
    counts: { posts: 3, pages: 0, drafts: 0, comments: 0, labels: 5, redirects: 0 },
    skipped: 0,
    warnings: 0,
    urls: [
      ['/2017/06/lorem.html', 'Lorem'],
      ['/2017/06/ipsum.html', 'Ipsum'],
      ['/2017/05/dolor.html', 'Dolor'],
    ],
  },
  {
    file: 'wxr/pelican-wordpressexport.xml',
    format: 'wxr',
    counts: { posts: 11, pages: 2, drafts: 4, comments: 3, labels: 6, redirects: 51 },
    skipped: 4, // a trashed comment, three items of custom post types
    warnings: 8, // six repeated post IDs, a long excerpt, a reply to a missing comment
    urls: [
      ['/contact/', 'Page'],
      ['/?p=334', 'Page'],
      ['/?page_id=334', 'Page'],
      ['/empty/', 'Empty Page'],
      ['/with-excerpt/', 'With excerpt'],
      ['/?p=8', 'With excerpt'],
      ['/tags/', 'With tags'],
      ['/?p=25', 'With tags'],
      ['/with-comments/', 'With comments'],
      ['/?p=422', 'With comments'],
      ['/?p=173', 'Post with raw data'],
      ['/?p=175', "A normal post with some <html> entities in the title. You can't miss them."],
      ['/?p=176', 'Caption on image'],
    ],
    moved: [
      ['/category/category-2/', '/search/label/Category%202'],
      ['/tag/tag-1/', '/search/label/tag%201'],
      ['/feed/', '/feeds/posts/default'],
    ],
    absent: ['/?p=168', '/?p=471'],
  },
  {
    file: 'wxr/wordpress-importer-e2e-wxr-comprehensive.xml',
    format: 'wxr',
    counts: { posts: 1, pages: 1, drafts: 0, comments: 1, labels: 4, redirects: 25 },
    skipped: 0,
    warnings: 0,
    urls: [
      ['/?p=1000', 'Comprehensive Post'],
      ['/?p=2000', 'Comprehensive Page'],
      ['/?page_id=2000', 'Comprehensive Page'],
    ],
    moved: [
      ['/category/news/', '/search/label/News'],
      ['/category/news/updates/', '/search/label/Updates'],
      ['/?cat=101', '/search/label/Updates'],
      ['/tag/t1/', '/search/label/T1'],
      ['/tag/t2/feed/', '/feeds/posts/default/-/T2'],
      ['/comments/feed/', '/feeds/comments/default'],
      ['/?feed=rss2', '/feeds/posts/default'],
    ],
  },
  {
    file: 'wxr/wordpress-importer-namespace-edge-cases.xml',
    format: 'wxr',
    counts: { posts: 5, pages: 0, drafts: 0, comments: 0, labels: 0, redirects: 15 },
    skipped: 1, // the item whose wp: prefix is bound to another namespace
    warnings: 5, // five items without a date
    urls: [
      ['/?p=1', 'Mixed Namespaces'],
      ['/?p=2', 'No Prefix'],
      ['/?p=3', 'Empty Namespace'],
      ['/?p=4', 'Unicode Namespace'],
      ['/?p=6', 'Namespace Bomb'],
    ],
    absent: ['/?p=5'],
  },
  {
    file: 'wxr/wordpress-importer-slashes.xml',
    format: 'wxr',
    counts: { posts: 1, pages: 0, drafts: 0, comments: 1, labels: 1, redirects: 14 },
    skipped: 0,
    warnings: 0,
    urls: [['/?p=1', 'Hello world!']],
    moved: [['/category/alpha/', '/search/label/a%20%5C%22great%5C%22%20category']],
  },
  {
    file: 'wxr/wordpress-importer-small-export.xml',
    format: 'wxr',
    counts: { posts: 6, pages: 5, drafts: 2, comments: 1, labels: 31, redirects: 119 },
    skipped: 0,
    warnings: 1, // the private post, imported as a draft
    urls: [
      ['/?p=1', 'Hello world!'],
      ['/?page_id=2', 'Sample Page'],
      ['/?page_id=4', 'Child Page'],
      ['/?page_id=6', 'Parent Page'],
      ['/?page_id=11', '1-col page'],
      ['/?p=15', 'Foo-child'],
      ['/?p=17', 'Top-level Foo'],
      ['/?p=19', 'Non-standard post format'],
      ['/?p=22', 'Many Categories'],
    ],
    moved: [
      ['/category/bar/foo-bar/', '/search/label/Foo'],
      ['/tag/tag1/', '/search/label/Tag1'],
    ],
    absent: ['/?page_id=9', '/?p=13'],
  },
  {
    file: 'wxr/wordpress-importer-valid-wxr-1.0.xml',
    format: 'wxr',
    counts: { posts: 3, pages: 3, drafts: 0, comments: 1, labels: 7, redirects: 37 },
    skipped: 0,
    warnings: 0,
    urls: [
      ['/?p=1', 'Hello world!'],
      ['/?page_id=2', 'About'],
      ['/?p=4', 'Alpha post'],
      ['/?p=6', 'Child post'],
      ['/?page_id=8', 'Child page'],
      ['/?page_id=10', 'Parent page'],
    ],
    moved: [
      ['/category/parent/child/', '/search/label/child'],
      ['/tag/roar/', '/search/label/roar'],
    ],
  },
  {
    file: 'wxr/wordpress-importer-valid-wxr-1.1.xml',
    format: 'wxr',
    counts: { posts: 1, pages: 1, drafts: 0, comments: 1, labels: 2, redirects: 19 },
    skipped: 0,
    warnings: 1, // the custom taxonomy post_tax
    urls: [
      ['/?p=1', 'Hello world!'],
      ['/?page_id=2', 'About'],
    ],
    moved: [['/tag/clippable/', '/search/label/Clippable']],
  },
  {
    file: 'wxr/wordpress-importer-wxr-utf-8-challenges.xml',
    format: 'wxr',
    counts: { posts: 1, pages: 0, drafts: 0, comments: 0, labels: 1, redirects: 13 },
    skipped: 0,
    warnings: 1, // a slug with characters no permalink may have
    urls: [['/?p=10', utf8Title]],
  },
  {
    file: 'ghost/ghost-0.x-export-004.json',
    format: 'ghost',
    counts: { posts: 3, pages: 0, drafts: 0, comments: 0, labels: 3, redirects: 10 },
    skipped: 0,
    warnings: 0,
    urls: [
      ['/welcome-to-ghost/', 'Welcome to Ghost'],
      ['/order-test/', 'order test'],
      ['/no-order-test/', 'has no sort order'],
    ],
    moved: [
      ['/tag/two/', '/search/label/two'],
      ['/tag/one/rss/', '/feeds/posts/default/-/one'],
      ['/rss/', '/feeds/posts/default'],
    ],
  },
  {
    file: 'ghost/ghost-2.x-default_export.json',
    format: 'ghost',
    counts: { posts: 7, pages: 0, drafts: 0, comments: 0, labels: 1, redirects: 10 },
    skipped: 0,
    warnings: 0,
    urls: [
      ['/themes/', 'Creating a custom theme'],
      ['/apps-integrations/', 'Apps & integrations'],
      ['/organising-content/', 'Organising your content'],
      ['/admin-settings/', 'Managing admin settings'],
      ['/publishing-options/', 'Publishing options'],
      ['/the-editor/', 'Writing posts with Ghost ✍️'],
      ['/welcome/', 'Welcome to Ghost'],
    ],
    moved: [['/tag/getting-started/', '/search/label/Getting%20Started']],
  },
];

const pick = (c: ImportCounts): Counts => ({
  posts: c.posts,
  pages: c.pages,
  drafts: c.drafts,
  comments: c.comments,
  labels: c.labels,
  redirects: c.redirects,
});
const total = (groups: { count: number }[]) => groups.reduce((n, g) => n + g.count, 0);

for (const database of testDatabases) {
  describe(`importing the real exports on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(database);
    });
    after(() => t.close());

    test('an imported Blogger post keeps its Blogger ID and its comment its own', async () => {
      const blog = await t.services.blogs.createBlog({ name: 'keepids', title: 'Ids' });
      await t.services.importer.importFile(testdata('blogger/pelican-bloggerexport.xml'), { blogId: blog.id });
      const post = await t.services.repositories.posts.findLivePost(blog.id, 2010, 11, 'the-steel-windpipe');
      assert.equal(post?.id, '1858599377741856733');
      const comment = await t.services.repositories.comments.findById(blog.id, '5590533389087749201');
      assert.equal(comment?.post_id, '1858599377741856733');
      // (Runs first, while the IDs are free.) A second blog importing the same backup gets new IDs (IDs are unique across blogs), and works the same.
      const twin = await t.services.blogs.createBlog({ name: 'keepids2', title: 'Ids 2' });
      const report = await t.services.importer.importFile(testdata('blogger/pelican-bloggerexport.xml'), { blogId: twin.id });
      assert.equal(report.added.posts, 2);
      assert.equal(report.added.comments, 1);
      await assertLeadsTo(t, 'keepids2', '/2010/11/the-steel-windpipe.html', 'The Steel Windpipe');
    });

    for (const [index, fixture] of FIXTURES.entries()) {
      test(fixture.file, async () => {
        const name = `import${index + 1}`;
        const blog = await t.services.blogs.createBlog({ name, title: 'Before the import' });
        const report = await t.services.importer.importFile(testdata(fixture.file), { blogId: blog.id, partial: fixture.partial });

        assert.equal(report.format, fixture.format);
        assert.deepEqual(pick(report.found), fixture.counts, 'what the file holds');
        assert.deepEqual(pick(report.added), fixture.counts, 'what the import stored');
        assert.equal(total(report.skipped), fixture.skipped, JSON.stringify(report.skipped));
        assert.equal(total(report.warnings), fixture.warnings, JSON.stringify(report.warnings));
        assert.equal(report.redirects.length, fixture.counts.redirects, 'the report lists every redirect');

        // What is stored is what the report says.
        const posts = await t.storage.db.selectFrom('posts').select(['kind', 'status']).where('blog_id', '=', blog.id).execute();
        assert.equal(posts.filter((p) => p.kind === 'post').length, fixture.counts.posts);
        assert.equal(posts.filter((p) => p.kind === 'page').length, fixture.counts.pages);
        assert.equal(posts.filter((p) => p.status === 'draft').length, fixture.counts.drafts);
        const comments = await t.storage.db.selectFrom('comments').select('id').where('blog_id', '=', blog.id).execute();
        assert.equal(comments.length, fixture.counts.comments);
        const labels = await t.storage.db.selectFrom('labels').select('name').where('blog_id', '=', blog.id).execute();
        assert.equal(labels.length, fixture.counts.labels);

        for (const [url, title] of fixture.urls) await assertLeadsTo(t, name, url, title);
        for (const [url, location] of fixture.moved ?? []) await assertMoved(t, name, url, location);
        for (const url of fixture.absent ?? [])
          assert.equal((await t.get(name, url)).statusCode, url.includes('?') ? 200 : 404, `${url} leads nowhere`);

        // Running the same import again adds nothing.
        const again = await t.services.importer.importFile(testdata(fixture.file), { blogId: blog.id, partial: fixture.partial });
        assert.deepEqual(pick(again.added), { posts: 0, pages: 0, drafts: 0, comments: 0, labels: 0, redirects: 0 });
        assert.equal(again.alreadyImported, fixture.counts.posts + fixture.counts.pages + fixture.counts.comments);
        const after = await t.storage.db.selectFrom('posts').select('id').where('blog_id', '=', blog.id).execute();
        assert.equal(after.length, posts.length);
      });
    }

    test('Blogger settings and template entries never become posts; the blog takes its title', async () => {
      const blog = await t.services.blogs.createBlog({ name: 'settings', title: 'Before' });
      await t.services.importer.importFile(testdata('blogger/google-blog-converters-blogger-sample2.xml'), { blogId: blog.id });
      const titles = await t.storage.db.selectFrom('posts').select('title').where('blog_id', '=', blog.id).execute();
      assert.ok(titles.every((p) => !/^Template:|administrators|BLOG_/.test(p.title)));
      assert.equal((await t.services.repositories.blogs.findById(blog.id))?.title, "JJ's Favorite Things");
    });
  });
}
