/**
 * What a Substack export brings, exactly (issue 18): the posts with their times, slugs and subtitles,
 * paid posts kept as drafts, a podcast's audio as a link, images kept and Substack's subscribe form
 * gone; the subscriber list as the blog's e-mail subscribers (unsubscribed ones named and left out,
 * nobody twice). And hostile input — the naughty strings and the XSS payloads as titles and bodies —
 * stored exactly as the editor stores the same text. On both databases.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { DomUtils, parseDocument } from 'htmlparser2';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog } from '../helpers/factories.js';
import { testdata } from '../helpers/imports.js';
import { bufferSource } from '../../src/importers/source.js';
import { substackZip } from '../helpers/substack-zip.js';

const NAUGHTY = (JSON.parse(readFileSync(testdata('naughty/blns.json'), 'utf8')) as string[]).filter((s) => s.trim() !== '');
const XSS = (JSON.parse(readFileSync(testdata('xss/dompurify-expect.json'), 'utf8')) as { payload: string }[]).map((x) => x.payload);

/** Script elements, event-handler attributes and script addresses in `html`, as a parser reads it. */
function dangerousIn(html: string): string[] {
  return DomUtils.findAll(() => true, parseDocument(html).children).flatMap((e) => [
    ...(['script', 'iframe', 'object', 'embed'].includes(e.name) ? [e.name] : []),
    ...Object.entries(e.attribs)
      .filter(([name, value]) => /^on/i.test(name) || /^\s*(javascript|vbscript|data):/i.test(value))
      .map(([name]) => `${e.name} ${name}`),
  ]);
}

/** CSV of rows, every cell quoted (RFC 4180). */
const csv = (rows: string[][]) => rows.map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n';

/** A Substack export whose posts carry `texts` as title and body. */
function hostileZip(texts: string[]): Buffer {
  const rows = texts.map((text, i) => [
    `${9000 + i}.post-${i}`,
    '2023-01-01T00:00:00.000Z',
    'true',
    '',
    '',
    'newsletter',
    'everyone',
    text,
    '',
    '',
  ]);
  const files: Record<string, Uint8Array> = {
    'posts.csv': strToU8(
      csv([
        ['post_id', 'post_date', 'is_published', 'email_sent_at', 'inbox_sent_at', 'type', 'audience', 'title', 'subtitle', 'podcast_url'],
        ...rows,
      ]),
    ),
  };
  texts.forEach((text, i) => (files[`posts/${9000 + i}.post-${i}.html`] = strToU8(text)));
  return Buffer.from(zipSync(files));
}

for (const database of testDatabases) {
  describe(`Substack exports on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(database);
    });
    after(() => t.close());

    const postsOf = (blogId: string) =>
      t.storage.db.selectFrom('posts').selectAll().where('blog_id', '=', blogId).orderBy('title').execute();

    test('posts, drafts, times, subtitles, podcasts, images and the subscriber list', async () => {
      const blog = await makeBlog(t.services, { name: 'harbour' });
      const report = await t.services.importer.import(bufferSource('export.zip', substackZip()), { blogId: blog.id });
      assert.equal(report.formatName, 'Substack export (zip: posts.csv and HTML)');
      const posts = await postsOf(blog.id);
      const by = (title: string) => posts.find((p) => p.title === title)!;

      const first = by('First light over the harbour');
      assert.equal(first.status, 'live');
      assert.equal(first.slug, 'first-light-over-the-harbour');
      assert.equal([first.path_year, first.path_month].join('/'), '2023/3');
      assert.equal(Number(first.published_at), Date.parse('2023-03-04T08:15:00.000Z'));
      assert.equal(first.search_description, 'Boats, gulls and a kettle');
      assert.match(
        first.body_html,
        /<img src="https:\/\/substack-post-media\.s3\.amazonaws\.com\/public\/images\/harbour\.jpeg"[^>]*alt="Boats at dawn"/,
      );
      assert.match(first.body_html, /<figcaption[^>]*>Boats at dawn<\/figcaption>/);
      assert.doesNotMatch(first.body_html, /<form|<input|Type your email/, "Substack's subscribe form is not kept");

      const paid = by('For the supporters');
      assert.equal(paid.status, 'draft', 'a paid post waits as a draft');
      assert.ok(report.warnings.some((w) => /paying subscribers were imported as drafts/.test(w.reason)));
      assert.equal(by('Half written').status, 'draft');
      assert.deepEqual(report.warnings.find((w) => /without their HTML file/.test(w.reason))?.examples, ['line 5'], 'row 5 of posts.csv');
      assert.match(
        by('Harbour sounds, episode 1').body_html,
        /<a href="https:\/\/api\.substack\.com\/feed\/podcast\/101240001\/abc\.mp3"[^>]*>Listen to the episode<\/a>/,
      );
      assert.equal(by('داستان کی شام').slug, 'داستان-کی-شام');

      assert.equal(report.found.subscribers, 3);
      assert.equal(report.added.subscribers, 2);
      const subscribers = await t.storage.db
        .selectFrom('subscribers')
        .select(['email', 'status', 'source', 'confirmed_at'])
        .where('blog_id', '=', blog.id)
        .orderBy('email')
        .execute();
      assert.deepEqual(
        subscribers.map((s) => [s.email, s.status, s.source, new Date(Number(s.confirmed_at)).toISOString()]),
        [
          ['ana@example.com', 'active', 'import', '2022-11-02T10:00:00.000Z'],
          ['ben@example.com', 'active', 'import', '2023-01-15T09:30:00.000Z'],
        ],
      );
      const unsubscribed = report.skipped.find((s) => /mail is disabled/.test(s.reason));
      assert.deepEqual(unsubscribed?.examples, ['gone@example.com (line 4)']);

      const again = await t.services.importer.import(bufferSource('export.zip', substackZip()), { blogId: blog.id });
      assert.deepEqual([again.added.posts, again.added.subscribers], [0, 0]);
      assert.equal((await postsOf(blog.id)).length, posts.length);
    });

    test('naughty strings and XSS payloads are stored exactly as the editor stores them', async () => {
      const texts = [...NAUGHTY.slice(0, 150), ...XSS.slice(0, 150)];
      const blog = await makeBlog(t.services, { name: 'hostile' });
      const report = await t.services.importer.import(bufferSource('hostile.zip', hostileZip(texts)), { blogId: blog.id });
      const imported = new Map((await postsOf(blog.id)).map((p) => [p.source_id, p]));
      const editor = await makeBlog(t.services, { name: 'typed' });
      let compared = 0;
      for (const [i, text] of texts.entries()) {
        const row = imported.get(`substack:post:${9000 + i}`);
        // An import cuts a title that is too long (with a warning) where the editor asks for a shorter one.
        const title = Array.from(text).length > 500 ? Array.from(text).slice(0, 500).join('') : text;
        let typed;
        try {
          typed = await t.services.posts.createPost({ blogId: editor.id, title, body: text });
        } catch {
          assert.equal(row, undefined, `text ${i}: the editor refuses it, so the import leaves it out`);
          continue;
        }
        assert.ok(row, `text ${i} was imported: ${JSON.stringify(report.skipped)}`);
        assert.equal(row.title, typed.title, `title ${i}`);
        assert.equal(row.body_html, typed.body_html, `body ${i}`);
        assert.deepEqual(dangerousIn(row.body_html), [], `body ${i}`);
        compared++;
      }
      assert.ok(compared > 250, `only ${compared} compared`);
    });
  });
}
