/**
 * Dastan's full-fidelity JSON export (format in importers/dastan-json.format.ts), written as a stream:
 * the blog, then its posts and pages, then their comments, then its redirects.
 */
import {
  DASTAN_EXPORT_FORMAT,
  DASTAN_EXPORT_VERSION,
  type DastanExportBlog,
  type DastanExportComment,
  type DastanExportPost,
  type DastanExportRedirect,
  type DastanExportSettings,
} from '../importers/dastan-json.format.js';
import { iso, type ExportContext, type ExportedPost, type Write } from './export-context.js';

function postJson({ post, labels, authorEmail }: ExportedPost): DastanExportPost {
  return {
    id: post.id,
    sourceId: post.source_id,
    kind: post.kind,
    status: post.status,
    title: post.title,
    slug: post.slug,
    pathYear: post.path_year,
    pathMonth: post.path_month,
    bodyHtml: post.body_html,
    searchDescription: post.search_description,
    commentsSetting: post.comments_setting,
    authorName: post.author_name,
    authorEmail,
    publishedAt: iso(post.published_at),
    createdAt: iso(post.created_at)!,
    updatedAt: iso(post.updated_at)!,
    labels,
  };
}

/** Writes the blog as Dastan JSON. Returns the numbers of posts (and pages) and comments written. */
export async function writeJsonExport(
  ctx: ExportContext,
  write: Write,
  now: number,
  settings: DastanExportSettings,
): Promise<{ posts: number; comments: number }> {
  const { blog } = ctx;
  const meta = { format: DASTAN_EXPORT_FORMAT, version: DASTAN_EXPORT_VERSION, exportedAt: iso(now) };
  const blogJson: DastanExportBlog = {
    name: blog.name,
    title: blog.title,
    description: blog.description,
    language: blog.language,
    timeZone: blog.time_zone,
    searchDescription: blog.search_description,
  };
  await write(
    `{\n"dastan": ${JSON.stringify(meta)},\n"blog": ${JSON.stringify(blogJson)},\n"settings": ${JSON.stringify(settings)},\n"posts": [`,
  );
  let posts = 0;
  for await (const page of ctx.postPages()) {
    await write(page.map((p) => `${posts++ === 0 ? '' : ','}\n${JSON.stringify(postJson(p))}`).join(''));
  }
  await write('\n],\n"comments": [');
  let comments = 0;
  for await (const page of ctx.postPages(false)) {
    const rows = await ctx.comments(page.map((p) => p.post.id));
    const json = rows.map((c): DastanExportComment => ({
      id: c.id,
      sourceId: c.source_id,
      postId: c.post_id,
      parentId: c.parent_id,
      status: c.status === 'deleted' ? 'pending' : c.status,
      authorName: c.author_name,
      authorUrl: c.author_url,
      authorEmail: c.author_email,
      bodyHtml: c.body_html,
      createdAt: iso(c.created_at)!,
      updatedAt: iso(c.updated_at)!,
    }));
    if (json.length) await write(json.map((c) => `${comments++ === 0 ? '' : ','}\n${JSON.stringify(c)}`).join(''));
  }
  await write('\n],\n"redirects": [');
  let redirects = 0;
  for await (const page of ctx.redirectPages()) {
    const json = page.map((r): DastanExportRedirect => ({ from: r.from_path, postId: r.post_id, targetPath: r.target_path }));
    await write(json.map((r) => `${redirects++ === 0 ? '' : ','}\n${JSON.stringify(r)}`).join(''));
  }
  await write('\n]\n}\n');
  return { posts, comments };
}
