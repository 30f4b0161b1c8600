/**
 * A Blogger backup in Blogger's 2018 format (`blogger:type`, `blogger:status`, `blogger:filename`,
 * `blogger:parent`, `blogger:inReplyTo`): what Blogger itself writes today, and the format that can
 * say a comment is pending or spam and a post is scheduled. Each post is followed by its comments.
 * What Blogger has no element for (a post's reader-comments setting) is in Dastan's own namespace,
 * which other readers ignore.
 */
import { postPath } from '../domain/blogs/urls.js';
import { yearMonthIn } from '../domain/text/time.js';
import type { CommentRow, PostRow } from '../storage/schema.js';
import { iso, type ExportContext, type Write } from './export-context.js';
import { esc, htmlEscaped } from './xml-text.js';

// Blogger has no "submitted for review": a pending post goes out as the draft it still is.
const STATUS: Record<PostRow['status'], string> = { live: 'LIVE', draft: 'DRAFT', pending: 'DRAFT', scheduled: 'SCHEDULED' };
const COMMENT_STATUS: Record<CommentRow['status'], string> = { live: 'LIVE', pending: 'PENDING', spam: 'SPAM', deleted: 'DELETED' };

/** The path a post is (or, for a draft, would be) at; Blogger writes one for drafts too. */
function filenameOf(post: PostRow, timeZone: string): string {
  if (post.kind === 'page' || post.path_year !== null) return postPath(post);
  const { year, month } = yearMonthIn(post.published_at ?? post.updated_at, timeZone);
  return postPath({ ...post, path_year: year, path_month: month });
}

/** Writes the blog as a Blogger backup. Returns the numbers of posts (and pages) and comments written. */
export async function writeBloggerExport(ctx: ExportContext, write: Write): Promise<{ posts: number; comments: number }> {
  const { blog } = ctx;
  const blogTag = `tag:blogger.com,1999:blog-${blog.id}`;
  const entryId = (post: Pick<PostRow, 'kind' | 'id'>) => `${blogTag}.${post.kind === 'page' ? 'page' : 'post'}-${post.id}`;
  await write(
    `<?xml version='1.0' encoding='utf-8'?>\n` +
      `<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018' xmlns:dastan='urn:dastan:export:1'>\n` +
      `  <id>${blogTag}</id>\n  <title>${esc(htmlEscaped(blog.title))}</title>\n` +
      (blog.description ? `  <subtitle>${esc(htmlEscaped(blog.description))}</subtitle>\n` : '') +
      `  <link rel='alternate' type='text/html' href='${esc(ctx.home)}/'/>\n` +
      `  <updated>${iso(blog.updated_at)}</updated>\n  <generator>Dastan</generator>\n`,
  );
  let posts = 0;
  let comments = 0;
  for await (const page of ctx.postPages()) {
    const byPost = new Map<string, CommentRow[]>();
    for (const c of await ctx.comments(page.map((p) => p.post.id))) byPost.set(c.post_id, [...(byPost.get(c.post_id) ?? []), c]);
    for (const { post, labels, authorEmail } of page) {
      const lines = [
        '  <entry>',
        `    <id>${entryId(post)}</id>`,
        `    <blogger:type>${post.kind === 'page' ? 'PAGE' : 'POST'}</blogger:type>`,
        `    <blogger:status>${STATUS[post.status]}</blogger:status>`,
        `    <author><name>${esc(htmlEscaped(post.author_name))}</name>${authorEmail ? `<email>${esc(authorEmail)}</email>` : ''}</author>`,
        `    <title>${esc(htmlEscaped(post.title))}</title>`,
        `    <content type='html'>${esc(post.body_html)}</content>`,
      ];
      if (post.search_description)
        lines.push(`    <blogger:metaDescription>${esc(htmlEscaped(post.search_description))}</blogger:metaDescription>`);
      if (post.published_at !== null) lines.push(`    <published>${iso(post.published_at)}</published>`);
      lines.push(`    <updated>${iso(post.updated_at)}</updated>`);
      for (const label of labels) lines.push(`    <category scheme='${blogTag}' term='${esc(htmlEscaped(label))}'/>`);
      lines.push(`    <blogger:filename>${esc(filenameOf(post, blog.time_zone))}</blogger:filename>`);
      if (post.comments_setting !== 'allow') lines.push(`    <dastan:comments>${post.comments_setting}</dastan:comments>`);
      lines.push('  </entry>');
      for (const comment of byPost.get(post.id) ?? []) {
        lines.push(
          '  <entry>',
          `    <id>${blogTag}.post-${comment.id}</id>`,
          `    <blogger:parent>${entryId(post)}</blogger:parent>`,
          comment.parent_id
            ? `    <blogger:inReplyTo>${blogTag}.post-${comment.parent_id}</blogger:inReplyTo>`
            : '    <blogger:inReplyTo/>',
          '    <blogger:type>COMMENT</blogger:type>',
          `    <blogger:status>${COMMENT_STATUS[comment.status]}</blogger:status>`,
          `    <author><name>${esc(htmlEscaped(comment.author_name))}</name>` +
            `${comment.author_url ? `<uri>${esc(comment.author_url)}</uri>` : ''}` +
            `${comment.author_email ? `<email>${esc(comment.author_email)}</email>` : ''}</author>`,
          `    <content type='html'>${esc(comment.body_html)}</content>`,
          `    <published>${iso(comment.created_at)}</published>`,
          `    <updated>${iso(comment.updated_at)}</updated>`,
          '  </entry>',
        );
        comments++;
      }
      posts++;
      await write(`${lines.join('\n')}\n`);
    }
  }
  await write('</feed>\n');
  return { posts, comments };
}
