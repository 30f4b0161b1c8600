/**
 * What real exports broke in the first round (issue 18, items 2–8), each from a small file of the same
 * shape: DTDs that declare entities, files cut after a complete entry, author names with entities or
 * too long, gzip and zip files, WXR items without a post type, Blogger's language and time zone.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { zipSync, strToU8 } from 'fflate';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost, servicesFor, TestClock } from '../helpers/factories.js';
import { STATUS_BLOGGER_2018, STATUS_WXR } from '../helpers/import-fixtures.js';
import { exportOf, refusal } from '../helpers/imports.js';
import { bufferSource } from '../../src/importers/source.js';
import type { Services } from '../../src/services.js';
import type { Storage } from '../../src/storage/database.js';

async function postCount(storage: Storage, blogId: string): Promise<number> {
  const row = await storage.db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('blog_id', '=', blogId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** STATUS_BLOGGER_2018 with a DTD after its XML declaration, and an entity used in a title. */
function withDtd(dtd: string, use: string): string {
  return STATUS_BLOGGER_2018.replace("<?xml version='1.0' encoding='utf-8'?>", `<?xml version='1.0' encoding='utf-8'?>\n${dtd}`).replace(
    '<title>Spring notes</title>',
    `<title>Passwd ${use}</title>`,
  );
}

const XXE = withDtd('<!DOCTYPE feed [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>', '&xxe;');
const LAUGHS = withDtd(
  `<!DOCTYPE feed [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>`,
  '&lol2;',
);
const QUADRATIC = withDtd(`<!DOCTYPE feed [<!ENTITY a "${'x'.repeat(5000)}">]>`, '&a;&a;&a;&a;&a;&a;');

/** STATUS_BLOGGER_2018 cut right after its last complete entry. */
const CUT_BLOGGER = STATUS_BLOGGER_2018.slice(0, STATUS_BLOGGER_2018.lastIndexOf('</feed>'));
/** STATUS_WXR cut right after its first item. */
const CUT_WXR = STATUS_WXR.slice(0, STATUS_WXR.indexOf('</item>') + '</item>'.length);

for (const database of testDatabases) {
  describe(`round two of the importers on ${database.name}`, { skip: database.skip }, () => {
    let storage: Storage;
    let services: Services;
    before(async () => {
      storage = await database.open();
      services = servicesFor(storage, new TestClock());
    });
    after(() => storage.close());

    test('2. a DTD that declares entities (XXE, billion laughs, quadratic blow-up) is refused, naming the DTD', async () => {
      for (const [name, file] of [
        ['xxe', XXE],
        ['laughs', LAUGHS],
        ['quadratic', QUADRATIC],
      ] as const) {
        const blog = await makeBlog(services);
        const error = await refusal(services.importer.import(bufferSource(`${name}.xml`, file), { blogId: blog.id }));
        assert.equal(error.line, 2, name);
        assert.match(error.message, /^line 2: the file declares entities in its DTD \(<!DOCTYPE feed \[ … \]>\)/, name);
        assert.match(error.message, /nothing was imported$/);
        assert.doesNotMatch(error.message, /\n/);
        assert.equal(await postCount(storage, blog.id), 0, name);
      }
    });

    test('2. a DOCTYPE without entity declarations is still read', async () => {
      const blog = await makeBlog(services);
      const file = STATUS_BLOGGER_2018.replace(
        "<?xml version='1.0' encoding='utf-8'?>",
        "<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE feed>",
      );
      const report = await services.importer.import(bufferSource('plain-doctype.xml', file), { blogId: blog.id });
      assert.equal(report.added.posts, 3);
    });

    test('3. a Blogger or WXR file cut after a complete entry is refused, unless --partial', async () => {
      const blog = await makeBlog(services);
      const blogger = await refusal(services.importer.import(bufferSource('cut.xml', CUT_BLOGGER), { blogId: blog.id }));
      assert.match(blogger.message, /the file ends before <\/feed> — it looks cut; nothing was imported$/);
      const wxr = await refusal(services.importer.import(bufferSource('cut.xml', CUT_WXR), { blogId: blog.id }));
      assert.match(wxr.message, /the file ends before <\/channel> and <\/rss> — it looks cut; nothing was imported$/);
      assert.equal(await postCount(storage, blog.id), 0);

      const report = await services.importer.import(bufferSource('cut.xml', CUT_BLOGGER), { blogId: blog.id, partial: true });
      assert.equal(report.added.posts, 3);
      assert.ok(
        report.warnings.some((w) => /^the file ends before <\/feed>: it looks cut after its last complete entry/.test(w.reason)),
        JSON.stringify(report.warnings),
      );
      const wxrBlog = await makeBlog(services);
      const wxrReport = await services.importer.import(bufferSource('cut.xml', CUT_WXR), { blogId: wxrBlog.id, partial: true });
      assert.equal(wxrReport.added.posts, 1, 'the first item, complete before the cut');
      assert.ok(wxrReport.warnings.some((w) => /^the file ends before <\/channel> and <\/rss>: it looks cut/.test(w.reason)));
    });

    test('5. entities in WordPress author names are decoded, and every cut author name is warned about', async () => {
      const blog = await makeBlog(services);
      const long = 'N'.repeat(150);
      const file = STATUS_WXR.replace('<![CDATA[First reader]]>', '&amp;laquo;First&amp;raquo; reader')
        .replace('<![CDATA[Second reader]]>', long)
        .replace('<![CDATA[Ana Lima]]>', 'Ana &amp;amp; Lima');
      const report = await services.importer.import(bufferSource('names.xml', file), { blogId: blog.id });
      const names = (await storage.db.selectFrom('comments').select('author_name').where('blog_id', '=', blog.id).execute()).map(
        (c) => c.author_name,
      );
      assert.ok(names.includes('«First» reader'), names.join(' | '));
      assert.ok(names.includes('N'.repeat(100)));
      const cut = report.warnings.find((w) => /author's name longer than 100 characters was cut/.test(w.reason));
      assert.equal(cut?.count, 1, JSON.stringify(report.warnings));
      const post = await storage.db
        .selectFrom('posts')
        .select('author_name')
        .where('blog_id', '=', blog.id)
        .where('title', '=', 'Talk of the town')
        .executeTakeFirst();
      assert.equal(post?.author_name, 'Ana & Lima');
    });

    test('6. a gzip of an export is read transparently, an export inside a zip is found, other binaries are named', async () => {
      const gz = await makeBlog(services);
      const plain = await services.importer.import(bufferSource('status.xml.gz', gzipSync(STATUS_WXR)), { blogId: gz.id });
      assert.equal(plain.format, 'wxr');
      assert.equal(plain.added.posts, 2);

      const zipped = await makeBlog(services);
      const zip = zipSync({
        'takeout/Blogger/Blogs/Modern blog/feed.atom': strToU8(STATUS_BLOGGER_2018),
        'takeout/archive_browser.html': strToU8('<html></html>'),
      });
      const report = await services.importer.import(bufferSource('takeout.zip', Buffer.from(zip)), { blogId: zipped.id });
      assert.equal(report.format, 'blogger-2018');
      assert.equal(report.added.posts, 3);

      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(64, 1)]);
      const error = await refusal(services.importer.import(bufferSource('photo.bin', png), { blogId: zipped.id }));
      assert.match(error.message, /the file is a PNG image, not an export/);
      assert.doesNotMatch(error.message, /[\u0000-\u0008\u000B-\u001F\u007F\uFFFD]/);

      const binary = Buffer.from([0x00, 0x01, 0x02, 0x03, 0x1b, 0x7f, 0xfe, 0x10]);
      const other = await refusal(services.importer.import(bufferSource('x.bin', binary), { blogId: zipped.id }));
      assert.match(other.message, /the file is binary data, not a text export/);
      assert.doesNotMatch(other.message, /[\u0000-\u0008\u000B-\u001F\u007F\uFFFD]/);

      const noExport = zipSync({ 'photos/a.jpg': new Uint8Array([0xff, 0xd8, 0xff]), 'notes.txt': strToU8('hello') });
      const empty = await refusal(services.importer.import(bufferSource('photos.zip', Buffer.from(noExport)), { blogId: zipped.id }));
      assert.match(empty.message, /the zip file holds no export Dastan reads \(2 files: photos\/a\.jpg, notes\.txt\)/);
    });

    test('7. a WXR item with no wp:post_type is skipped with a warning that names it, and its comments with it', async () => {
      const blog = await makeBlog(services);
      const file = STATUS_WXR.replace('<wp:post_type>post</wp:post_type>\n    <category domain="category"', '<category domain="category"');
      const report = await services.importer.import(bufferSource('no-type.xml', file), { blogId: blog.id });
      assert.equal(report.added.posts, 1, 'only the scheduled post is left');
      assert.equal(report.added.comments, 0);
      const skipped = report.skipped.find((s) => /no wp:post_type/.test(s.reason));
      assert.deepEqual(skipped?.examples, ['"Talk of the town" (line 14)']);
      assert.ok(report.warnings.some((w) => /"Talk of the town" has no wp:post_type/.test(w.reason)));
      assert.ok(report.skipped.some((s) => /a comment on an item that was left out/.test(s.reason) && s.count === 5));
    });

    test("8. Blogger's language, time zone and comment settings are applied", async () => {
      const blog = await makeBlog(services);
      const settings = (id: string, value: string) =>
        `<entry><id>tag:blogger.com,1999:blog-555.settings.${id}</id><blogger:type>SETTINGS</blogger:type><content type='text'>${value}</content></entry>`;
      const file = STATUS_BLOGGER_2018.replace(
        '</feed>',
        `${settings('BLOG_LOCALE', 'fr')}${settings('BLOG_TIME_ZONE', 'Europe/Paris')}${settings('BLOG_COMMENT_ACCESS', 'MEMBERS')}${settings('BLOG_COMMENT_MODERATION', 'ALWAYS')}</feed>`,
      );
      const report = await services.importer.import(bufferSource('fr.xml', file), { blogId: blog.id });
      const after = await services.repositories.blogs.findById(blog.id);
      assert.equal(after?.language, 'fr');
      assert.equal(after?.time_zone, 'Europe/Paris');
      const comments = await services.commentSettings.forBlog(blog.id);
      assert.equal(comments.access, 'members');
      assert.equal(comments.moderation, 'always');
      assert.ok(report.settings.other?.includes('language, time zone and search description'), JSON.stringify(report.settings));

      const keep = await makeBlog(services);
      await services.importer.import(bufferSource('fr.xml', file), { blogId: keep.id, applySettings: false });
      assert.equal((await services.repositories.blogs.findById(keep.id))?.language, 'en');
    });
  });
}

/** A WordPress export whose comments' bodies are hostile HTML, one of them twice (the same comment ID). */
const HOSTILE_WXR = STATUS_WXR.replace('<![CDATA[Approved and on top.]]>', '<![CDATA[<script>alert(1)</script>]]>')
  .replace('<![CDATA[A reply still waiting for moderation.]]>', '<![CDATA[<iframe src="https://evil.example/"></iframe>]]>')
  .replace(
    '<wp:comment>\n      <wp:comment_id>104</wp:comment_id>',
    `<wp:comment>
      <wp:comment_id>101</wp:comment_id>
      <wp:comment_author><![CDATA[Twice]]></wp:comment_author>
      <wp:comment_content><![CDATA[The same ID again.]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
    </wp:comment>
    <wp:comment>
      <wp:comment_id>104</wp:comment_id>`,
  );

for (const database of testDatabases) {
  describe(`10. no entry left out without a word, on ${database.name}`, { skip: database.skip }, () => {
    let storage: Storage;
    let services: Services;
    before(async () => {
      storage = await database.open();
      services = servicesFor(storage, new TestClock());
    });
    after(() => storage.close());

    test('a comment whose body sanitizes to nothing is kept as escaped text; a repeated one is counted and named', async () => {
      const blog = await makeBlog(services);
      const report = await services.importer.import(bufferSource('hostile.xml', HOSTILE_WXR), { blogId: blog.id });
      const bodies = new Map(
        (await storage.db.selectFrom('comments').select(['author_name', 'body_html']).where('blog_id', '=', blog.id).execute()).map((c) => [
          c.author_name,
          c.body_html,
        ]),
      );
      assert.match(bodies.get('First reader') ?? '', /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.doesNotMatch(bodies.get('First reader') ?? '', /<script/);
      assert.match(bodies.get('Second reader') ?? '', /&lt;iframe/);
      assert.equal(report.found.comments, 5);
      const skipped = Object.fromEntries(report.skipped.map((s) => [s.reason, s]));
      const twice = skipped['a comment with the same source ID as an earlier comment of the file'];
      assert.equal(twice?.count, 1, JSON.stringify(report.skipped));
      assert.match(twice.examples[0]!, /wxr:.*:comment:101/);
      // Every comment of the file is added or counted under a reason.
      const notAdded = report.skipped.filter((s) => /comment/.test(s.reason)).reduce((n, s) => n + s.count, 0);
      assert.equal(report.added.comments + notAdded, report.found.comments + 1 /* the trashed one is not counted as found */);
    });

    test('--strict fails the import on any entry left out, and stores nothing', async () => {
      const blog = await makeBlog(services);
      const error = await refusal(services.importer.import(bufferSource('hostile.xml', HOSTILE_WXR), { blogId: blog.id, strict: true }));
      assert.match(error.message, /--strict/);
      assert.equal(await postCount(storage, blog.id), 0);
      const clean = STATUS_WXR.replace(/<wp:comment>\s*<wp:comment_id>105<\/wp:comment_id>[\s\S]*?<\/wp:comment>/, '');
      const report = await services.importer.import(bufferSource('clean.xml', clean), { blogId: blog.id, strict: true });
      assert.equal(report.added.comments, 4);
    });
  });
}

for (const database of testDatabases) {
  describe(`1. importing what a blog already holds adds nothing, on ${database.name}`, { skip: database.skip }, () => {
    let storage: Storage;
    let services: Services;
    before(async () => {
      storage = await database.open();
      services = servicesFor(storage, new TestClock());
    });
    after(() => storage.close());

    for (const format of ['blogger', 'wxr'] as const) {
      test(`a blog's own ${format} export, imported into it again, is recognised by its Dastan IDs`, async () => {
        const blog = await makeBlog(services);
        const post = await makePost(services, blog, { title: 'Written here', labels: ['Home'] });
        await makePost(services, blog, { title: 'A page', kind: 'page' });
        await services.comments.addComment({ blogId: blog.id, postId: post.id, authorName: 'Reader', body: 'Nice.', status: 'live' });
        const report = await services.importer.import(bufferSource(`own.${format}.xml`, await exportOf(services, blog.id, format)), {
          blogId: blog.id,
        });
        assert.deepEqual([report.added.posts, report.added.pages, report.added.comments], [0, 0, 0], JSON.stringify(report));
        assert.equal(report.alreadyImported, 3);
        assert.equal(await postCount(storage, blog.id), 2);
        assert.ok(report.warnings.some((w) => /already in the blog/.test(w.reason)));
      });
    }

    test('the same posts under other source IDs are recognised by their address and publication time', async () => {
      const blog = await makeBlog(services);
      await services.importer.import(bufferSource('first.xml', STATUS_BLOGGER_2018), { blogId: blog.id });
      const before = await postCount(storage, blog.id);
      const other = STATUS_BLOGGER_2018.replaceAll('blog-555', 'blog-556');
      const report = await services.importer.import(bufferSource('other.xml', other), { blogId: blog.id });
      // Blogger's post IDs were kept as the Dastan IDs, so each post is known by its ID as well.
      assert.deepEqual([report.added.posts, report.added.pages, report.added.drafts], [0, 0, 0]);
      assert.equal(report.added.comments, 0, 'the comments of a post already there are recognised by writer and time');
      assert.equal(await postCount(storage, blog.id), before);

      // Other IDs and other source IDs: the public posts are known by address and time; the draft had no address.
      const renumbered = other.replace(/post-(\d{4})</g, 'post-7$1<');
      const again = await services.importer.import(bufferSource('renumbered.xml', renumbered), { blogId: blog.id });
      assert.deepEqual([again.added.posts, again.added.pages, again.added.drafts, again.added.comments], [1, 0, 1, 0]);
      assert.equal(await postCount(storage, blog.id), before + 1);
    });
  });
}
