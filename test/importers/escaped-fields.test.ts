/**
 * Issue 18, item 5: every plain-text field an export writes HTML-escaped (post and page titles,
 * labels, excerpts and search descriptions, authors' and commenters' names, the blog's title and
 * description) is decoded exactly once — `&amp;lt;` becomes `&lt;`, never `<` — and every value cut to
 * fit gives a warning naming its entry. From small Blogger and WordPress files of the real shape.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost, servicesFor, TestClock } from '../helpers/factories.js';
import { exportOf } from '../helpers/imports.js';
import { bufferSource } from '../../src/importers/source.js';
import type { ImportReport } from '../../src/importers/import-report.js';
import type { Services } from '../../src/services.js';
import type { Storage } from '../../src/storage/database.js';

/** A title escaped as Blogger and WordPress write it: French quotes, an escaped tag (kept as text), an Arabic letter by number. */
const TITLE_XML = '&amp;laquo;Caf&amp;eacute;&amp;raquo; &amp;amp;lt;b&amp;amp;gt; &amp;#1587;';
const TITLE = '«Café» &lt;b&gt; س';
const LONG_TITLE = 'T'.repeat(520);
const LONG_LABEL = 'L'.repeat(120);
const LONG_AUTHOR = 'A'.repeat(210);
const LONG_COMMENTER = 'R'.repeat(130);
const LONG_BLOG_TITLE = `Fish &amp;amp; chips ${'x'.repeat(250)}`;

const BLOGGER = `<?xml version='1.0' encoding='utf-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>
  <id>tag:blogger.com,1999:blog-777</id>
  <title type='text'>${LONG_BLOG_TITLE}</title>
  <subtitle type='html'>Notes &amp;amp;lt;b&amp;amp;gt; and &amp;#1587;</subtitle>
  <link rel='alternate' type='text/html' href='https://escaped.blogspot.com/'/>
  <entry>
    <id>tag:blogger.com,1999:blog-777.post-101</id>
    <blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>
    <author><name>Ana &amp;amp; Lima</name></author>
    <title type='text'>${TITLE_XML}</title>
    <content type='html'>&lt;p&gt;Body.&lt;/p&gt;</content>
    <blogger:metaDescription>Caf&amp;eacute; &amp;amp;amp; ${'d'.repeat(320)}</blogger:metaDescription>
    <published>2021-04-01T09:00:00Z</published>
    <category scheme='tag:blogger.com,1999:blog-777' term='Food &amp;amp; drink'/>
    <category scheme='tag:blogger.com,1999:blog-777' term='&amp;amp;lt;tag&amp;amp;gt;'/>
    <category scheme='tag:blogger.com,1999:blog-777' term='${LONG_LABEL}'/>
    <blogger:filename>/2021/04/cafe.html</blogger:filename>
  </entry>
  <entry>
    <id>tag:blogger.com,1999:blog-777.post-102</id>
    <blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>
    <author><name>${LONG_AUTHOR}</name></author>
    <title type='text'>&amp;laquo;${LONG_TITLE}</title>
    <content type='html'>Long.</content>
    <published>2021-04-02T09:00:00Z</published>
    <blogger:filename>/2021/04/long.html</blogger:filename>
  </entry>
  <entry>
    <id>tag:blogger.com,1999:blog-777.page-201</id>
    <blogger:type>PAGE</blogger:type><blogger:status>LIVE</blogger:status>
    <author><name>Ana</name></author>
    <title type='text'>About &amp;amp; contact</title>
    <content type='html'>Write to us.</content>
    <published>2021-04-03T09:00:00Z</published>
    <blogger:filename>/p/about.html</blogger:filename>
  </entry>
  <entry>
    <id>tag:blogger.com,1999:blog-777.post-9001</id>
    <blogger:parent>tag:blogger.com,1999:blog-777.post-101</blogger:parent>
    <blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status>
    <author><name>&amp;laquo;Reader&amp;raquo; &amp;amp;amp; co</name></author>
    <content type='html'>Nice.</content>
    <published>2021-04-04T09:00:00Z</published>
  </entry>
  <entry>
    <id>tag:blogger.com,1999:blog-777.post-9002</id>
    <blogger:parent>tag:blogger.com,1999:blog-777.post-101</blogger:parent>
    <blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status>
    <author><name>${LONG_COMMENTER}</name></author>
    <content type='html'>Long name.</content>
    <published>2021-04-05T09:00:00Z</published>
  </entry>
</feed>
`;

const WXR_ITEM = (id: number, title: string, type: 'post' | 'page', rest: string) => `  <item>
    <title>${title}</title>
    <link>https://wp.example/${type === 'page' ? `page-${id}` : `2021/04/post-${id}`}/</link>
    <dc:creator><![CDATA[${id === 2 ? 'long' : 'ana'}]]></dc:creator>
    <guid isPermaLink="false">https://wp.example/?p=${id}</guid>
    <content:encoded><![CDATA[Body ${id}.]]></content:encoded>
    <wp:post_id>${id}</wp:post_id>
    <wp:post_date_gmt>2021-04-0${id % 9} 09:00:00</wp:post_date_gmt>
    <wp:post_name>${type}-${id}</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>${type}</wp:post_type>
${rest}
  </item>
`;

const WXR_COMMENT = (id: number, author: string) => `    <wp:comment>
      <wp:comment_id>${id}</wp:comment_id>
      <wp:comment_author><![CDATA[${author}]]></wp:comment_author>
      <wp:comment_date_gmt>2021-04-05 09:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[Comment ${id}.]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
    </wp:comment>`;

const WXR = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>${LONG_BLOG_TITLE}</title>
  <link>https://wp.example</link>
  <description>Notes &amp;amp;lt;b&amp;amp;gt; and &amp;#1587; ${'y'.repeat(2100)}</description>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://wp.example</wp:base_site_url>
  <wp:base_blog_url>https://wp.example</wp:base_blog_url>
  <wp:author><wp:author_login>ana</wp:author_login><wp:author_display_name><![CDATA[Ana &amp; Lima]]></wp:author_display_name></wp:author>
  <wp:author><wp:author_login>long</wp:author_login><wp:author_display_name><![CDATA[${LONG_AUTHOR}]]></wp:author_display_name></wp:author>
${WXR_ITEM(
  1,
  TITLE_XML,
  'post',
  `    <excerpt:encoded><![CDATA[Caf&eacute; &amp;amp; ${'d'.repeat(320)}]]></excerpt:encoded>
    <category domain="category" nicename="food-drink"><![CDATA[Food &amp; drink]]></category>
    <category domain="post_tag" nicename="lt-tag"><![CDATA[&amp;lt;tag&amp;gt;]]></category>
    <category domain="post_tag" nicename="long"><![CDATA[${LONG_LABEL}]]></category>
${WXR_COMMENT(11, '&laquo;Reader&raquo; &amp;amp; co')}
${WXR_COMMENT(12, LONG_COMMENTER)}`,
)}${WXR_ITEM(2, `&amp;laquo;${LONG_TITLE}`, 'post', '')}${WXR_ITEM(3, 'About &amp;amp; contact', 'page', '')}</channel>
</rss>
`;

/** The examples of the one warning whose reason matches `reason`. */
function warned(report: ImportReport, reason: RegExp): string[] {
  const groups = report.warnings.filter((w) => reason.test(w.reason));
  assert.equal(groups.length, 1, `one warning ${reason}: ${JSON.stringify(report.warnings)}`);
  return groups[0]!.examples;
}

for (const database of testDatabases) {
  describe(
    `escaped plain-text fields are decoded once, and every cut is warned about, on ${database.name}`,
    { skip: database.skip },
    () => {
      let storage: Storage;
      let services: Services;
      before(async () => {
        storage = await database.open();
        services = servicesFor(storage, new TestClock());
      });
      after(() => storage.close());

      for (const [format, file] of [
        ['Blogger', BLOGGER],
        ['WordPress', WXR],
      ] as const) {
        test(`a ${format} export`, async () => {
          const blog = await makeBlog(services);
          const report = await services.importer.import(bufferSource(`escaped-${format}.xml`, file), { blogId: blog.id });
          assert.deepEqual([report.added.posts, report.added.pages, report.added.comments], [2, 1, 2], JSON.stringify(report.skipped));

          const posts = await storage.db
            .selectFrom('posts')
            .select(['id', 'kind', 'title', 'search_description', 'author_name'])
            .where('blog_id', '=', blog.id)
            .execute();
          const cafe = posts.find((p) => p.title === TITLE);
          assert.ok(cafe, posts.map((p) => p.title).join(' | '));
          assert.equal(cafe.author_name, 'Ana & Lima');
          assert.equal(cafe.search_description, `Café &amp; ${'d'.repeat(300 - 'Café &amp; '.length)}`);
          const labels = (await services.repositories.posts.labelsOf([cafe.id])).get(cafe.id) ?? [];
          assert.deepEqual([...labels].sort(), ['&lt;tag&gt;', 'Food & drink', 'L'.repeat(100)].sort());
          const long = posts.find((p) => p.title.startsWith('«T'));
          assert.equal(long?.title, `«${'T'.repeat(499)}`);
          assert.ok(posts.some((p) => p.kind === 'page' && p.title === 'About & contact'));

          const commenters = (await storage.db.selectFrom('comments').select('author_name').where('blog_id', '=', blog.id).execute()).map(
            (c) => c.author_name,
          );
          assert.deepEqual(commenters.sort(), ['«Reader» &amp; co', 'R'.repeat(100)].sort());

          const after = await services.repositories.blogs.findById(blog.id);
          assert.equal(after?.title, `Fish & chips ${'x'.repeat(200 - 'Fish & chips '.length)}`);
          assert.ok(after?.description.startsWith('Notes &lt;b&gt; and س'), after?.description);

          // Every cut names its entry.
          assert.match(warned(report, /^a title longer than 500 characters was cut$/)[0]!, /^"«TTT+…" \(line \d+\)$/);
          assert.match(warned(report, /^a search description \(or excerpt\) longer than 300/)[0]!, /^"«Café» &lt;b&gt; س" \(line \d+\)$/);
          assert.match(warned(report, /^an author's name longer than 200 characters was cut$/)[0]!, /^"«TTT+…" \(line \d+\)$/);
          assert.match(
            warned(report, /^a label was changed to fit Dastan \(cut to 100 characters\)/)[0]!,
            /^"«Café» &lt;b&gt; س" \(line \d+\)$/,
          );
          assert.match(
            warned(report, /^a comment author's name longer than 100 characters was cut$/)[0]!,
            /^comment by RRR+ \(.*\b(9002|12)\) \(line \d+\)$/,
          );
          assert.match(
            warned(report, /^the blog's title from the export was longer than 200 characters and was cut$/)[0]!,
            /^"Fish & chips x+…"$/,
          );
          if (format === 'WordPress')
            warned(report, /^the blog's description from the export was longer than 2000 characters and was cut$/);
        });
      }

      test("Dastan's own exports of such fields come back exactly (escaped once on the way out)", async () => {
        const blog = await makeBlog(services, { title: 'A &amp; B &lt;c&gt;' });
        await services.blogs.updateSettings(blog.id, { description: 'Tea &copy 2020 & &#1587;' });
        const post = await makePost(services, blog, {
          title: 'Fish &amp; chips < 5',
          labels: ['&lt;tag&gt;', 'Q&A'],
          searchDescription: 'One &amp; two',
        });
        await services.comments.addComment({ blogId: blog.id, postId: post.id, authorName: 'Ana &laquo;', body: 'Hi.', status: 'live' });
        for (const format of ['blogger', 'wxr'] as const) {
          const file = await exportOf(services, blog.id, format);
          const copy = await makeBlog(services);
          await services.importer.import(bufferSource(`own.${format}.xml`, file), { blogId: copy.id });
          const back = await storage.db
            .selectFrom('posts')
            .select(['id', 'title', 'search_description'])
            .where('blog_id', '=', copy.id)
            .executeTakeFirstOrThrow();
          assert.equal(back.title, 'Fish &amp; chips < 5', format);
          assert.equal(back.search_description, 'One &amp; two', format);
          assert.deepEqual(
            [...((await services.repositories.posts.labelsOf([back.id])).get(back.id) ?? [])].sort(),
            ['&lt;tag&gt;', 'Q&A'].sort(),
          );
          const comment = await storage.db
            .selectFrom('comments')
            .select('author_name')
            .where('blog_id', '=', copy.id)
            .executeTakeFirstOrThrow();
          assert.equal(comment.author_name, 'Ana &laquo;', format);
          const copied = await services.repositories.blogs.findById(copy.id);
          assert.deepEqual([copied?.title, copied?.description], ['A &amp; B &lt;c&gt;', 'Tea &copy 2020 & &#1587;'], format);
        }
      });
    },
  );
}
