/**
 * Broken and foreign files are refused with the line and the reason, and nothing of them is stored;
 * slightly broken ones whose meaning is clear are imported, each repair reported.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, servicesFor, TestClock } from '../helpers/factories.js';
import { refusal, testdata } from '../helpers/imports.js';
import { SLOPPY_BLOGGER, STATUS_BLOGGER_2018 } from '../helpers/import-fixtures.js';
import { Readable } from 'node:stream';
import { bufferSource } from '../../src/importers/source.js';
import type { ImportSource } from '../../src/importers/import-model.js';
import type { Services } from '../../src/services.js';
import type { Storage } from '../../src/storage/database.js';
import type { BlogRow } from '../../src/storage/schema.js';

async function stored(storage: Storage, blogId: string): Promise<Record<string, number>> {
  const count = async (table: 'posts' | 'comments' | 'labels' | 'redirects') =>
    Number(
      (
        await storage.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('blog_id', '=', blogId)
          .executeTakeFirst()
      )?.n ?? 0,
    );
  return {
    posts: await count('posts'),
    comments: await count('comments'),
    labels: await count('labels'),
    redirects: await count('redirects'),
  };
}

const NOTHING = { posts: 0, comments: 0, labels: 0, redirects: 0 };

/**
 * A zip of one export whose headers say it unpacks to `claimed` bytes (a zip bomb's shape: what a
 * zip claims is what an unzipper makes room for), in both the local header and the central directory.
 */
function zipClaiming(name: string, text: string, claimed: number): Buffer {
  const zip = Buffer.from(zipSync({ [name]: strToU8(text) }, { level: 9 }));
  const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  zip.writeUInt32LE(claimed, 22);
  zip.writeUInt32LE(claimed, central + 24);
  return zip;
}

for (const database of testDatabases) {
  describe(`refused and repaired imports on ${database.name}`, { skip: database.skip }, () => {
    let storage: Storage;
    let services: Services;
    let blog: BlogRow;
    before(async () => {
      storage = await database.open();
      services = servicesFor(storage, new TestClock());
      blog = await makeBlog(services, { title: 'Untouched' });
    });
    after(() => storage.close());

    test('the malformed WordPress export is refused at its line, and nothing of it is stored', async () => {
      const error = await refusal(services.importer.importFile(testdata('wxr/wordpress-importer-malformed.xml'), { blogId: blog.id }));
      assert.equal(error.line, 27);
      assert.match(
        error.message,
        /^line 27: <notachanneltag> where the one <channel> of a WordPress export was expected; nothing was imported$/,
      );
      assert.deepEqual(await stored(storage, blog.id), NOTHING);
      assert.equal((await services.repositories.blogs.findById(blog.id))?.title, 'Untouched');
    });

    test('the export with "]]>" nested in CDATA is refused at its line, and nothing of it is stored', async () => {
      const error = await refusal(services.importer.importFile(testdata('wxr/wordpress-importer-crazy-cdata.xml'), { blogId: blog.id }));
      assert.equal(error.line, 18);
      assert.match(error.message, /the string "\]\]>" is disallowed in char data — the file is not well-formed XML/);
      assert.deepEqual(await stored(storage, blog.id), NOTHING);
    });

    test('a file broken after many good entries is refused whole: nothing is stored before it is read through', async () => {
      const cut = STATUS_BLOGGER_2018.replace('<title>Contact</title>', '<title>Contact</titel>');
      const error = await refusal(services.importer.import(bufferSource('cut.xml', cut), { blogId: blog.id }));
      assert.match(error.message, /^line \d+, column \d+: unexpected close tag/);
      assert.deepEqual(await stored(storage, blog.id), NOTHING);
    });

    test('a file cut in the middle of an entry is refused, also with --partial, and nothing of it is stored', async () => {
      const half = STATUS_BLOGGER_2018.slice(0, STATUS_BLOGGER_2018.indexOf('<title>Contact'));
      const error = await refusal(services.importer.import(bufferSource('half.xml', half), { blogId: blog.id }));
      assert.match(error.message, /unclosed tag.*the file is not well-formed XML; nothing was imported$/);
      const partial = await refusal(services.importer.import(bufferSource('half.xml', half), { blogId: blog.id, partial: true }));
      assert.match(partial.message, /the file is not well-formed XML; nothing was imported$/);
      assert.deepEqual(await stored(storage, blog.id), NOTHING);
      // A file cut right after a complete entry: round-two.test.ts, "3." (refused, or imported with --partial).
    });

    test('an export in a zip that claims to unpack past 512 MB is refused with one line, before anything is inflated', async () => {
      const bomb = zipClaiming('takeout/feed.atom', STATUS_BLOGGER_2018, 600 * 1024 * 1024);
      const error = await refusal(services.importer.import(bufferSource('bomb.zip', bomb), { blogId: blog.id }));
      assert.equal(error.message, 'the file takeout/feed.atom in the zip is larger than 512 MB; nothing was imported');
      assert.deepEqual(await stored(storage, blog.id), NOTHING);

      // One that claims less than it holds is unpacked only to what it claims: cut, and refused as such.
      const short = zipClaiming('takeout/feed.atom', STATUS_BLOGGER_2018, 1000);
      const cut = await refusal(services.importer.import(bufferSource('short.zip', short), { blogId: blog.id, partial: true }));
      assert.match(cut.message, /the file is not well-formed XML; nothing was imported$/);
      assert.doesNotMatch(cut.message, /\n/);
      assert.deepEqual(await stored(storage, blog.id), NOTHING);
    });

    test('a zip or tar over 512 MB as a whole is refused at 512 MB read, with one line', async () => {
      // 513 MB that starts as a zip (or a tar) would: one 1 MB block handed out again and again, so the
      // test holds 1 MB however much the importer reads before it stops.
      const oversized = (name: string, head: Buffer): ImportSource => {
        const block = Buffer.alloc(1024 * 1024);
        head.copy(block);
        return {
          name,
          open: () =>
            Readable.from(
              (function* () {
                for (let i = 0; i < 513; i++) yield block;
              })(),
            ),
        };
      };
      const zipHead = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
      const tarHead = Buffer.alloc(512);
      tarHead.write('ustar', 257, 'latin1');
      for (const [source, what] of [
        [oversized('huge.zip', zipHead), 'zip'],
        [oversized('huge.tar', tarHead), 'tar'],
      ] as const) {
        const error = await refusal(services.importer.import(source, { blogId: blog.id }));
        assert.equal(error.message, `the ${what} file is larger than 512 MB; nothing was imported`);
        assert.deepEqual(await stored(storage, blog.id), NOTHING);
      }
    });

    test('files that are not exports are refused, saying what they are', async () => {
      const cases: [string, string, RegExp][] = [
        ['license', 'blogger/pelican-LICENSE', /not a Blogger, WordPress or Ghost export/],
        ['json', 'feeds/jsonfeed-schema/test_examples_v1.1_simple.json', /JSON, but not a Ghost export/],
        ['xsd', 'feeds/sitemap-0.9.xsd', /root element <xsd:schema>/],
      ];
      for (const [, file, reason] of cases) {
        const error = await refusal(services.importer.importFile(testdata(file), { blogId: blog.id }));
        assert.match(error.message, reason, file);
      }
      const noVersion = await refusal(
        services.importer.import(
          bufferSource('x.xml', '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>t</title></channel></rss>'),
          {
            blogId: blog.id,
          },
        ),
      );
      assert.match(noVersion.message, /no wp:wxr_version/);
      await refusal(services.importer.importFile('/no/such/file.xml', { blogId: blog.id }));
      assert.deepEqual(await stored(storage, blog.id), NOTHING);
    });

    test('a bare &, an HTML entity and an undeclared prefix are repaired, each reported with its line', async () => {
      const sloppy = await makeBlog(services);
      const report = await services.importer.import(bufferSource('sloppy.xml', SLOPPY_BLOGGER), { blogId: sloppy.id });
      assert.equal(report.added.posts, 1);
      assert.equal(report.added.comments, 1);
      const warnings = Object.fromEntries(report.warnings.map((w) => [w.reason, w.examples]));
      assert.deepEqual(warnings['a bare "&" was read as "&amp;"'], ['line 4', 'line 10', 'line 11', 'line 13']);
      assert.deepEqual(warnings['the HTML entity &nbsp; (XML has no such entity) was read as its character'], ['line 11']);
      assert.deepEqual(warnings['the prefix "thr:" is used without being declared; read as http://purl.org/syndication/thread/1.0'], [
        'line 22',
      ]);
      const post = await services.repositories.posts.findLivePost(sloppy.id, 2012, 7, 'salt-vinegar');
      assert.equal(post?.title, 'Salt & vinegar', 'the no-break space folds like any space in a title');
      assert.deepEqual((await services.repositories.posts.labelsOf([post.id])).get(post.id), ['Food & drink']);
      assert.equal((await services.repositories.blogs.findById(sloppy.id))?.title, 'Fish & chips');
    });

    test('a dry run reads and counts, and stores nothing', async () => {
      const report = await services.importer.importFile(testdata('wxr/wordpress-importer-small-export.xml'), {
        blogId: blog.id,
        dryRun: true,
      });
      assert.equal(report.dryRun, true);
      assert.equal(report.found.posts, 6);
      assert.deepEqual(await stored(storage, blog.id), NOTHING);
    });
  });
}

for (const database of testDatabases) {
  describe(`an export cannot send readers elsewhere, on ${database.name}`, { skip: database.skip }, () => {
    test('a redirect to another site in a Dastan export is left out', async () => {
      const storage = await database.open();
      try {
        const services = servicesFor(storage, new TestClock());
        const blog = await makeBlog(services);
        const file = JSON.stringify({
          dastan: { format: 'dastan-export', version: 1, exportedAt: '2026-01-01T00:00:00Z' },
          blog: { name: 'x', title: 'X', description: '', language: 'en', timeZone: 'UTC', searchDescription: '' },
          posts: [],
          comments: [],
          redirects: [
            { from: '/old', postId: null, targetPath: 'https://evil.example/' },
            { from: '/old2', postId: null, targetPath: '//evil.example/' },
            { from: '/old3', postId: null, targetPath: '/search/label/fine' },
          ],
        });
        const report = await services.importer.import(bufferSource('x.json', file), { blogId: blog.id });
        assert.deepEqual(report.redirects, [{ from: '/old3', to: '/search/label/fine' }]);
        assert.equal(report.skipped[0]?.reason, 'a redirect to an address outside the blog');
        assert.equal(report.skipped[0]?.count, 2);
      } finally {
        await storage.close();
      }
    });
  });
}
