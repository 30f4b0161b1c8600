/**
 * A WordPress eXtended RSS 1.2 file that WordPress's importer reads: authors, labels as categories,
 * posts and pages with their comments (parents and approval status) nested in each item. Each item's
 * link is the post's Dastan address, so importing the file back keeps every URL. WordPress stores
 * dates to the second; the reader-comments setting rides in a `_dastan_comments_setting` post meta.
 */
import { slugify } from '../domain/text/slug.js';
import { postPath } from '../domain/blogs/urls.js';
import type { CommentRow, PostRow } from '../storage/schema.js';
import type { ExportContext, Write } from './export-context.js';
import { cdata, esc, htmlEscaped } from './xml-text.js';

const ZERO_DATE = '0000-00-00 00:00:00';
const STATUS: Record<PostRow['status'], string> = { live: 'publish', draft: 'draft', pending: 'pending', scheduled: 'future' };
const APPROVED: Record<CommentRow['status'], string> = { live: '1', pending: '0', spam: 'spam', deleted: 'trash' };

const localFormats = new Map<string, Intl.DateTimeFormat>();

/** A WordPress date (`2010-10-20 14:08:20`) in UTC, or in `timeZone`. */
export function wpDate(ms: number | null, timeZone = 'UTC'): string {
  if (ms === null) return ZERO_DATE;
  let format = localFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    localFormats.set(timeZone, format);
  }
  return format.format(ms).replace('T', ' ');
}

function rfc822(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** Unique, URL-safe names for a set of display names (author logins, category nicenames). */
function uniqueSlugs(names: readonly string[], fallback: string): Map<string, string> {
  const taken = new Set<string>();
  const result = new Map<string, string>();
  for (const [i, name] of names.entries()) {
    const base = slugify(name) || `${fallback}-${i + 1}`;
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    result.set(name, slug);
  }
  return result;
}

/** Writes the blog as a WXR 1.2 file. Returns the numbers of posts (and pages) and comments written. */
export async function writeWxrExport(
  ctx: ExportContext,
  write: Write,
  labelNames: readonly string[],
): Promise<{ posts: number; comments: number }> {
  const { blog, home } = ctx;
  const tz = blog.time_zone;
  // A post without an author name has no dc:creator: a made-up login would come back as its author.
  const authors = (await ctx.authors()).filter((a) => a.name !== '');
  const logins = uniqueSlugs(
    authors.map((a) => a.name),
    'author',
  );
  const nicenames = uniqueSlugs(labelNames, 'label');
  const head = [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    '<!-- A WordPress eXtended RSS file written by Dastan: WordPress (Tools → Import → WordPress) and Dastan both read it. -->',
    '<rss version="2.0"',
    '  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"',
    '  xmlns:content="http://purl.org/rss/1.0/modules/content/"',
    '  xmlns:wfw="http://wellformedweb.org/CommentAPI/"',
    '  xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '  xmlns:wp="http://wordpress.org/export/1.2/">',
    '<channel>',
    `  <title>${esc(htmlEscaped(blog.title))}</title>`,
    `  <link>${esc(home)}</link>`,
    `  <description>${esc(htmlEscaped(blog.description))}</description>`,
    `  <pubDate>${rfc822(blog.updated_at)}</pubDate>`,
    `  <language>${esc(blog.language)}</language>`,
    '  <wp:wxr_version>1.2</wp:wxr_version>',
    `  <wp:base_site_url>${esc(home)}</wp:base_site_url>`,
    `  <wp:base_blog_url>${esc(home)}</wp:base_blog_url>`,
  ];
  for (const [i, author] of authors.entries()) {
    head.push(
      `  <wp:author><wp:author_id>${i + 1}</wp:author_id><wp:author_login>${cdata(logins.get(author.name)!)}</wp:author_login>` +
        `<wp:author_email>${cdata(author.email ?? '')}</wp:author_email><wp:author_display_name>${cdata(htmlEscaped(author.name))}</wp:author_display_name>` +
        `<wp:author_first_name>${cdata('')}</wp:author_first_name><wp:author_last_name>${cdata('')}</wp:author_last_name></wp:author>`,
    );
  }
  for (const [i, name] of labelNames.entries()) {
    head.push(
      `  <wp:category><wp:term_id>${i + 1}</wp:term_id><wp:category_nicename>${cdata(nicenames.get(name)!)}</wp:category_nicename>` +
        `<wp:category_parent>${cdata('')}</wp:category_parent><wp:cat_name>${cdata(htmlEscaped(name))}</wp:cat_name></wp:category>`,
    );
  }
  head.push('  <generator>Dastan</generator>');
  await write(`${head.join('\n')}\n`);

  let posts = 0;
  let comments = 0;
  for await (const page of ctx.postPages()) {
    const byPost = new Map<string, CommentRow[]>();
    for (const c of await ctx.comments(page.map((p) => p.post.id))) byPost.set(c.post_id, [...(byPost.get(c.post_id) ?? []), c]);
    for (const { post, labels } of page) {
      const link = post.status === 'draft' ? `${home}/?p=${post.id}` : `${home}${postPath(post)}`;
      const lines = [
        '  <item>',
        `    <title>${esc(htmlEscaped(post.title))}</title>`,
        `    <link>${esc(link)}</link>`,
        `    <pubDate>${rfc822(post.published_at)}</pubDate>`,
        `    <dc:creator>${cdata((post.author_name && logins.get(post.author_name)) || '')}</dc:creator>`,
        `    <guid isPermaLink="false">${esc(`${home}/?p=${post.id}`)}</guid>`,
        '    <description></description>',
        `    <content:encoded>${cdata(post.body_html)}</content:encoded>`,
        `    <excerpt:encoded>${cdata(htmlEscaped(post.search_description))}</excerpt:encoded>`,
        `    <wp:post_id>${post.id}</wp:post_id>`,
        `    <wp:post_date>${cdata(wpDate(post.published_at, tz))}</wp:post_date>`,
        `    <wp:post_date_gmt>${cdata(wpDate(post.published_at))}</wp:post_date_gmt>`,
        `    <wp:post_modified>${cdata(wpDate(post.updated_at, tz))}</wp:post_modified>`,
        `    <wp:post_modified_gmt>${cdata(wpDate(post.updated_at))}</wp:post_modified_gmt>`,
        `    <wp:comment_status>${cdata(post.comments_setting === 'allow' ? 'open' : 'closed')}</wp:comment_status>`,
        `    <wp:ping_status>${cdata('closed')}</wp:ping_status>`,
        `    <wp:post_name>${cdata(encodeURIComponent(post.slug))}</wp:post_name>`,
        `    <wp:status>${cdata(STATUS[post.status])}</wp:status>`,
        '    <wp:post_parent>0</wp:post_parent>',
        '    <wp:menu_order>0</wp:menu_order>',
        `    <wp:post_type>${cdata(post.kind)}</wp:post_type>`,
        `    <wp:post_password>${cdata('')}</wp:post_password>`,
        '    <wp:is_sticky>0</wp:is_sticky>',
      ];
      for (const label of labels)
        lines.push(
          `    <category domain="category" nicename="${esc(nicenames.get(label) ?? slugify(label))}">${cdata(htmlEscaped(label))}</category>`,
        );
      lines.push(
        `    <wp:postmeta><wp:meta_key>${cdata('_dastan_comments_setting')}</wp:meta_key><wp:meta_value>${cdata(post.comments_setting)}</wp:meta_value></wp:postmeta>`,
      );
      for (const comment of byPost.get(post.id) ?? []) {
        lines.push(
          '    <wp:comment>',
          `      <wp:comment_id>${comment.id}</wp:comment_id>`,
          `      <wp:comment_author>${cdata(htmlEscaped(comment.author_name))}</wp:comment_author>`,
          `      <wp:comment_author_email>${cdata(comment.author_email)}</wp:comment_author_email>`,
          `      <wp:comment_author_url>${esc(comment.author_url)}</wp:comment_author_url>`,
          '      <wp:comment_author_IP></wp:comment_author_IP>',
          `      <wp:comment_date>${cdata(wpDate(comment.created_at, tz))}</wp:comment_date>`,
          `      <wp:comment_date_gmt>${cdata(wpDate(comment.created_at))}</wp:comment_date_gmt>`,
          `      <wp:comment_content>${cdata(comment.body_html)}</wp:comment_content>`,
          `      <wp:comment_approved>${cdata(APPROVED[comment.status])}</wp:comment_approved>`,
          `      <wp:comment_type>${cdata('comment')}</wp:comment_type>`,
          `      <wp:comment_parent>${comment.parent_id ?? 0}</wp:comment_parent>`,
          '      <wp:comment_user_id>0</wp:comment_user_id>',
          '    </wp:comment>',
        );
        comments++;
      }
      lines.push('  </item>');
      posts++;
      await write(`${lines.join('\n')}\n`);
    }
  }
  await write('</channel>\n</rss>\n');
  return { posts, comments };
}
