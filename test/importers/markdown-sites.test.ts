/**
 * Markdown sites — Jekyll, Hugo, Eleventy — imported field by field, on SQLite and PostgreSQL: the
 * Jekyll site as a folder (what `dastan import ./site` reads), the Hugo site as a zip uploaded on the
 * dashboard, the Eleventy site as a folder holding a link that leads outside it. Titles, dates in the
 * site's time zone, slugs, labels, drafts, aliases and `redirect_from`, covers, images copied into the
 * uploads with the links rewritten, bodies sanitized; every file that cannot be read named in the
 * report while the rest comes in. (Counts, old addresses, idempotence and the round trip are in
 * new-sources.test.ts.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { testDatabases } from '../helpers/databases.js';
import { assertLeadsTo, assertMoved } from '../helpers/imports.js';
import { siteFolder, siteZip } from '../helpers/markdown-sites.js';
import type { ImportReport } from '../../src/importers/import-report.js';
import { reportOf } from '../../src/importers/jobs/import-jobs.js';

/** Hugo itself, when the machine has it (Debian's `hugo` package): the same site built by it. */
const hugoSkip = spawnSync('hugo', ['version']).status === 0 ? false : 'no hugo on this machine';

/** Every example of the skipped groups, with the reason: one line a file. */
const skippedLines = (report: ImportReport) => report.skipped.flatMap((g) => g.examples.map((e) => `${g.reason}: ${e}`));

for (const database of testDatabases) {
  describe(`Markdown sites on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(database);
    });
    after(() => t.close());

    const postsOf = async (blogId: string) => {
      const rows = await t.storage.db.selectFrom('posts').selectAll().where('blog_id', '=', blogId).orderBy('title').execute();
      const labels = await t.services.repositories.posts.labelsOf(rows.map((r) => r.id));
      return new Map(rows.map((r) => [r.title, { ...r, labels: [...(labels.get(r.id) ?? [])].sort() }]));
    };

    test('a Jekyll folder: fields, dates in the site’s zone, redirect_from, post_url, the image copied, bad files named', async () => {
      const blog = await t.services.blogs.createBlog({ name: 'jekyll', title: 'Before' });
      const report = await t.services.importer.importFile(siteFolder('jekyll'), { blogId: blog.id });
      assert.equal(report.formatName, 'Jekyll site (Markdown)');
      assert.deepEqual(skippedLines(report).sort(), [
        'a Markdown file without front matter (--- lines at its top), which the site does not publish as a post: README.md',
        'a file in _posts/ whose name is not YYYY-MM-DD-title.md (Jekyll does not publish it): _posts/notes-without-a-date.md',
        'a file whose front matter cannot be read: _posts/2023-07-01-broken-front-matter.md (line 4): the front matter is not valid YAML (Missing closing "quote)',
        "the site's home or error page (Dastan makes its own): index.markdown",
      ]);
      const posts = await postsOf(blog.id);
      const harbour = posts.get('Harbour at dawn')!;
      // 06:30 in Lisbon (summer time, UTC+1) on 2 April 2023.
      assert.equal(harbour.published_at, Date.UTC(2023, 3, 2, 5, 30));
      assert.deepEqual(
        [harbour.slug, harbour.path_year, harbour.path_month, harbour.labels],
        ['harbour-at-dawn', 2023, 4, ['harbour', 'photos']],
      );
      assert.equal(harbour.search_description, 'The boats come in before the town wakes.');
      assert.match(harbour.body_html, /<img src="\/uploads\/[^"]+" alt="The harbour at dawn"/);
      assert.doesNotMatch(harbour.body_html, /<script|onerror|ana\.example\.org/);
      assert.match(harbour.cover_image_url, /^\/uploads\//);
      assert.equal(report.mediaDownload?.stored, 1, 'the one image file is stored once, for the post, its cover and the page');
      const about = posts.get('About')!;
      assert.equal(about.kind, 'page');
      assert.match(about.body_html, new RegExp(`src="${harbour.cover_image_url.split('.')[0]}`));
      const welcome = posts.get('Welcome to Jekyll!')!;
      assert.equal(welcome.published_at, Date.UTC(2023, 2, 14, 10, 5));
      assert.deepEqual(welcome.labels, ['jekyll', 'update']);
      assert.match(welcome.body_html, /href="\/2023\/04\/02\/harbour-at-dawn\.html"/, 'post_url names the post’s old address');
      assert.match(welcome.body_html, /\{% highlight ruby %\}/, 'other Liquid tags stay as text');
      assert.ok(report.warnings.some((w) => /Liquid tags and Hugo shortcodes/.test(w.reason)));
      assert.deepEqual([posts.get('Not yet')!.status, posts.get('A draft in progress')!.status], ['draft', 'draft']);
      await assertMoved(t, blog.name, '/2023/04/harbour.html', '/2023/04/harbour-at-dawn.html');
      await assertLeadsTo(t, blog.name, '/jekyll/update/2023/03/14/welcome-to-jekyll.html', 'Welcome to Jekyll!');
      const image = await t.get(blog.name, harbour.cover_image_url);
      assert.equal(image.statusCode, 200);
    });

    test('a Hugo site uploaded as a zip on the dashboard: bundles, TOML and JSON front matter, aliases, taxonomies', async () => {
      const owner = await t.services.users.createUser({ email: `hugo-${database.name}@example.com` });
      const blog = await t.services.blogs.createBlog({ name: 'hugo', title: 'Before' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      const client = await new Client(t.app).signInAs(t.services, owner);
      const form = await client.get('/admin/blogs/hugo/import');
      assert.match(form.body, /Medium, Substack or WriteFreely, from a Jekyll, Hugo or Eleventy site \(a zip or tar of its folder\)/);
      assert.match(form.body, /accept="[^"]*\.tar,/);
      const zip = siteZip('hugo', { '../escape.md': '---\ntitle: Escape\n---\nOutside.' });
      const res = await client.multipart(
        '/admin/blogs/hugo/import',
        { settings: 'keep' },
        { field: 'file', name: 'hugo-site.zip', bytes: zip, type: 'application/zip' },
      );
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      await t.services.importJobs.settled();
      const [job] = await t.services.importJobs.recent(blog.id, 1);
      assert.equal(job!.status, 'done', job!.error ?? '');
      const report = reportOf(job!)!;
      assert.equal(report.formatName, 'Hugo site (Markdown)');
      const lines = skippedLines(report);
      assert.ok(lines.includes('a file whose path leads outside the folder (not read): ../escape.md'), lines.join('\n'));
      assert.ok(
        lines.some((l) =>
          l.startsWith(
            'a file whose front matter cannot be read: hugo-site/content/posts/broken-toml.md (line 2): the front matter is not valid TOML',
          ),
        ),
      );
      assert.ok(
        report.warnings.some((w) =>
          /leads outside the site's folder and was left as it is: \.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/hosts\.png/.test(w.reason),
        ),
      );

      const posts = await postsOf(blog.id);
      const trip = posts.get('A trip to Gwadar')!;
      assert.deepEqual([trip.slug, trip.path_year, trip.path_month, trip.labels], ['gwadar-trip', 2024, 2, ['harbour', 'travel', 'trips']]);
      assert.equal(trip.published_at, Date.UTC(2024, 1, 1, 5, 0));
      assert.equal((trip.body_html.match(/<img src="\/uploads\//g) ?? []).length, 2, 'the figure and the bundle’s map are copied');
      assert.match(trip.body_html, /<em>The beach at noon<\/em>/);
      assert.match(trip.cover_image_url, /^\/uploads\//);
      assert.equal(trip.cover_image_alt, 'The beach at Gwadar');
      const first = posts.get('First light')!;
      assert.equal(first.published_at, Date.UTC(2024, 0, 10, 3, 0));
      assert.match(first.body_html, /href="\/2024\/02\/gwadar-trip\/"/, 'ref leads to the bundle’s old address');
      assert.match(first.body_html, /\{\{&lt; youtube w7Ft2ymGmfc &gt;\}\}|\{\{< youtube w7Ft2ymGmfc >\}\}/);
      // 12:00 without a zone is in the site's zone (Asia/Karachi, UTC+5).
      assert.equal(posts.get('Written with JSON front matter')!.published_at, Date.UTC(2024, 2, 5, 7, 0));
      assert.equal(posts.get('Not finished')!.status, 'draft');
      assert.equal(posts.get('About')!.kind, 'page');
      assert.equal(report.mediaDownload?.stored, 3);
      await assertMoved(t, blog.name, '/tags/morning-walks/', '/search/label/Morning%20Walks');
      await assertLeadsTo(t, blog.name, '/old/first-light/', 'First light');
    });

    test(
      'the Hugo site built by hugo: every page and alias it wrote answers on the blog, its images are the ones copied',
      { skip: hugoSkip },
      async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'dastan-hugo-'));
        try {
          cpSync(siteFolder('hugo'), dir, { recursive: true });
          // Hugo refuses a whole build for one broken file, and the theme is not here: both left out of its copy.
          rmSync(path.join(dir, 'content/posts/broken-toml.md'));
          const config = path.join(dir, 'hugo.toml');
          writeFileSync(config, readFileSync(config, 'utf8').replace(/^theme = .*$/m, ''));
          const out = path.join(dir, 'public');
          const build = spawnSync('hugo', ['--quiet', '--source', dir, '--destination', out], { encoding: 'utf8', timeout: 60_000 });
          assert.equal(build.status, 0, build.stderr);
          const blog = await t.services.blogs.createBlog({ name: 'hugobuilt', title: 'Before' });
          const report = await t.services.importer.importFile(dir, { blogId: blog.id });
          const built = readdirSync(out, { recursive: true }).map(String);
          const pages = built
            .filter((f) => f.endsWith('.html') && f !== 'index.html')
            .map(
              (f) =>
                `/${f
                  .split(path.sep)
                  .join('/')
                  .replace(/index\.html$/, '')}`,
            );
          assert.ok(pages.length >= 6, pages.join(' '));
          for (const url of pages) await assertLeadsTo(t, blog.name, url);
          assert.equal(report.mediaDownload?.stored, built.filter((f) => f.endsWith('.png')).length);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );

    test('an Eleventy folder with a link leading outside it: the link is named and never read, the rest comes in', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'dastan-eleventy-'));
      try {
        cpSync(siteFolder('eleventy'), dir, { recursive: true });
        const secret = path.join(tmpdir(), `dastan-secret-${process.pid}.md`);
        writeFileSync(secret, '---\ntitle: Secret from outside\n---\nThis must not be imported.');
        symlinkSync(secret, path.join(dir, 'content/blog/linked.md'));
        const blog = await t.services.blogs.createBlog({ name: 'eleventy', title: 'Before' });
        const report = await t.services.importer.importFile(dir, { blogId: blog.id });
        rmSync(secret);
        assert.equal(report.formatName, 'Eleventy site (Markdown)');
        assert.ok(
          skippedLines(report).includes('a symbolic link that leads outside the folder (not read): content/blog/linked.md'),
          skippedLines(report).join('\n'),
        );
        const posts = await postsOf(blog.id);
        assert.ok(!posts.has('Secret from outside'));
        assert.ok(!posts.has('Ignored by .eleventyignore'));
        const firstPost = posts.get('This is my first post.')!;
        assert.deepEqual([firstPost.kind, firstPost.slug, firstPost.labels], ['post', 'firstpost', ['another tag']]);
        assert.equal(firstPost.published_at, Date.UTC(2018, 4, 1));
        assert.match(firstPost.body_html, /<img src="\/uploads\/[^"]+" alt="A possum"/);
        assert.match(posts.get('This is my fourth post.')!.body_html, /<img src="\/uploads\/[^"]+" alt="A sunset over the bay"/);
        assert.equal(posts.get('This is my third post.')!.status, 'draft');
        assert.equal(posts.get('About Me')!.slug, 'about-me');
        await assertLeadsTo(t, blog.name, '/notes/custom-address/', 'A post with its own address');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
