/**
 * A Dastan JSON export carries the blog's settings: options, robots, embed providers, the view beacon,
 * comment settings, the theme with its colours, fonts and edited files, and language and time zone.
 * Importing it into an empty blog gives a blog set up the same; a part that breaks the dashboard's
 * rules is refused with a warning while the rest is kept.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost, servicesFor, TestClock } from '../helpers/factories.js';
import { bufferSource } from '../../src/importers/source.js';
import type { Services } from '../../src/services.js';
import type { Storage } from '../../src/storage/database.js';
import type { BlogRow } from '../../src/storage/schema.js';

async function exportJson(services: Services, blog: BlogRow): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await services.exporter.export(out, { blogId: blog.id, format: 'json' });
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

/** The settings of a blog as its owner sees them in the dashboard. */
async function settingsOf(services: Services, blogId: string) {
  const blog = (await services.repositories.blogs.findById(blogId))!;
  const files = await services.themes.ownFiles(blog);
  return {
    language: blog.language,
    timeZone: blog.time_zone,
    searchDescription: blog.search_description,
    postsPerPage: blog.posts_per_page,
    popular: [blog.popular_window, blog.popular_count, blog.snippet_length],
    labelsStyle: blog.labels_style,
    robots: [blog.robots_txt, blog.robots_tags, blog.search_description_enabled],
    embeds: blog.embed_providers,
    beacon: blog.view_beacon,
    comments: await services.commentSettings.forBlog(blog.id),
    theme: [blog.theme, blog.theme_settings],
    files: files.map((f) => [f.file, f.content]).sort(),
  };
}

for (const database of testDatabases) {
  describe(`settings in a Dastan export on ${database.name}`, { skip: database.skip }, () => {
    let storage: Storage;
    let services: Services;
    let source: BlogRow;

    before(async () => {
      storage = await database.open();
      services = servicesFor(storage, new TestClock());
      source = await makeBlog(services, { title: 'Settings source', language: 'ur', timeZone: 'Asia/Karachi' });
      await makePost(services, source, { title: 'One post' });
      await services.blogs.updateSettings(source.id, {
        searchDescription: 'A blog with its own ways',
        postsPerPage: 4,
        popularWindow: 'all',
        popularCount: 9,
        snippetLength: 60,
        labelsStyle: 'cloud',
      });
      const fresh = async () => (await services.repositories.blogs.findById(source.id))!;
      await services.blogOptions.setSearchOptions(await fresh(), {
        robotsTxt: 'User-agent: *\nDisallow: /search\n',
        robotsTags: { home: ['noarchive'], archive: ['noindex', 'nofollow'], item: [] },
        searchDescriptionEnabled: true,
      });
      await services.blogOptions.setEmbedProviders(await fresh(), 'https://video.example.org/embed/');
      await services.stats.setBeacon(await fresh(), true);
      await services.commentSettings.save(source.id, {
        access: 'users',
        moderation: 'older',
        moderationDays: 14,
        closeDays: 90,
        depth: 2,
        holdWords: ['casino'],
        rejectWords: ['viagra'],
        maxLinks: 1,
        notifyModerators: false,
        notifyAuthors: false,
        proofOfWork: false,
      });
      await services.themes.chooseTheme(await fresh(), 'minimal');
      await services.themes.saveSettings(await fresh(), { accent: '#aa3300', bodyFont: 'serif', contentWidth: '42' });
      await services.themes.saveFile(await fresh(), 'theme.css', '.greeting { color: #123456 }', null);
      await services.themes.saveFile(
        await fresh(),
        'home.liquid',
        '{% layout \'layout\' %}{% block content %}<p class="greeting">Hello</p>{% endblock %}',
        null,
      );
    });
    after(() => storage.close());

    test('an empty blog importing the export is set up the same', async () => {
      const json = await exportJson(services, source);
      const target = await makeBlog(services, { title: 'Empty' });
      const report = await services.importer.import(bufferSource('export.json', json), { blogId: target.id });
      assert.deepEqual(report.warnings, []);
      assert.ok((report.settings.other ?? []).includes('comment settings'), JSON.stringify(report.settings));
      const a = await settingsOf(services, source.id);
      const b = await settingsOf(services, target.id);
      assert.equal(b.files.length, 2);
      assert.deepEqual(b, a);
    });

    test('a part the dashboard would refuse is refused with a warning; the rest is kept', async () => {
      const doc = JSON.parse(await exportJson(services, source)) as {
        settings: { options: { postsPerPage: number }; theme: { files: Record<string, string>; settings: Record<string, unknown> } };
      };
      doc.settings.options.postsPerPage = 5000;
      doc.settings.theme.files['home.liquid'] = '{% if %}';
      doc.settings.theme.settings.accent = 'red; background: url(//evil)';
      const target = await makeBlog(services, { title: 'Partly' });
      const report = await services.importer.import(bufferSource('export.json', JSON.stringify(doc)), { blogId: target.id });
      const warnings = report.warnings.map((w) => w.reason).join('\n');
      assert.match(warnings, /post and gadget options from the export: not kept/);
      assert.match(warnings, /colours and fonts from the export: not kept/);
      assert.match(warnings, /own copies of theme files \(2\) from the export: not kept.*home\.liquid/);
      const b = await settingsOf(services, target.id);
      assert.equal(b.postsPerPage, 7, 'the default stays');
      assert.deepEqual(b.files, []);
      assert.equal(b.theme[0], 'minimal');
      assert.equal(b.comments.access, 'users');
      assert.equal(b.timeZone, 'Asia/Karachi');
      assert.equal(report.added.posts, 1, 'the posts came in regardless');
    });

    test('a file whose settings are not even of the right shape imports its posts and says why', async () => {
      const doc = JSON.parse(await exportJson(services, source)) as { settings: { comments: { access: string } } };
      doc.settings.comments.access = 'everyone-and-their-dog';
      const target = await makeBlog(services, { title: 'Shapeless' });
      const report = await services.importer.import(bufferSource('export.json', JSON.stringify(doc)), { blogId: target.id });
      assert.match(report.warnings.map((w) => w.reason).join('\n'), /settings\.comments\.access/);
      assert.equal(report.added.posts, 1);
      assert.equal((await settingsOf(services, target.id)).postsPerPage, 7);
    });
  });
}
