/** Dastan's own JSON export (see dastan-json.format.ts), read back with everything it holds. */
import { parseDate } from './common.js';
import { DASTAN_EXPORT_VERSION, type DastanExport, type DastanExportSettings } from './dastan-json.format.js';
import { readExportSettings } from './dastan-json.settings.js';
import { ImportRefusedError } from './import-errors.js';
import type { ImportItem, ParserInput } from './import-model.js';

/** The address the post had on the exporting blog (Dastan's scheme, as domain/blogs/urls.ts writes it). */
function pathOf(post: DastanExport['posts'][number]): string | undefined {
  if (post.kind === 'page') return `/p/${encodeURIComponent(post.slug)}.html`;
  if (post.pathYear === null || post.pathMonth === null) return undefined;
  return `/${post.pathYear}/${String(post.pathMonth).padStart(2, '0')}/${encodeURIComponent(post.slug)}.html`;
}

/** Parses a Dastan JSON export. */
export async function* parseDastanJson({ document }: ParserInput): AsyncGenerator<ImportItem> {
  const doc = document as DastanExport;
  if (typeof doc.dastan.version !== 'number' || doc.dastan.version > DASTAN_EXPORT_VERSION) {
    throw new ImportRefusedError(
      `the file is a Dastan export of version ${String(doc.dastan.version)}, newer than this Dastan reads (${DASTAN_EXPORT_VERSION})`,
    );
  }
  const posts = Array.isArray(doc.posts) ? doc.posts : [];
  const comments = Array.isArray(doc.comments) ? doc.comments : [];
  const redirects = Array.isArray(doc.redirects) ? doc.redirects : [];
  const postSource = new Map(posts.map((p) => [String(p.id), p.sourceId ?? `dastan:post:${p.id}`]));
  const commentSource = new Map(comments.map((c) => [String(c.id), c.sourceId ?? `dastan:comment:${c.id}`]));

  for (const post of posts) {
    // Only what was live stays live; a post submitted for review comes back as a draft.
    const status = post.status === 'live' ? 'live' : post.status === 'scheduled' ? 'scheduled' : 'draft';
    yield {
      type: 'post',
      sourceId: postSource.get(String(post.id))!,
      kind: post.kind === 'page' ? 'page' : 'post',
      status,
      title: String(post.title ?? ''),
      body: String(post.bodyHtml ?? ''),
      format: 'html',
      publishedAt: parseDate(post.publishedAt),
      updatedAt: parseDate(post.updatedAt),
      labels: Array.isArray(post.labels) ? post.labels.map(String) : [],
      permalink: post.slug
        ? { slug: post.slug, year: post.pathYear ?? undefined, month: post.pathMonth ?? undefined, path: pathOf(post) }
        : undefined,
      keepId: String(post.id),
      author: post.authorName ? { name: post.authorName, email: post.authorEmail ?? undefined } : undefined,
      searchDescription: post.searchDescription || undefined,
      commentsSetting: post.commentsSetting,
      oldAddresses: [],
    };
  }
  for (const comment of comments) {
    const replyTo = postSource.get(String(comment.postId));
    if (!replyTo) {
      yield { type: 'skip', reason: 'a comment on a post the file does not hold', entry: `comment ${comment.id}` };
      continue;
    }
    yield {
      type: 'comment',
      sourceId: commentSource.get(String(comment.id))!,
      replyTo,
      parentSourceId: comment.parentId ? commentSource.get(String(comment.parentId)) : undefined,
      status: comment.status === 'pending' || comment.status === 'spam' ? comment.status : 'live',
      authorName: String(comment.authorName ?? ''),
      authorUrl: comment.authorUrl || undefined,
      authorEmail: comment.authorEmail || undefined,
      body: String(comment.bodyHtml ?? ''),
      createdAt: parseDate(comment.createdAt),
      keepId: String(comment.id),
    };
  }
  for (const redirect of redirects) {
    const post = redirect.postId ? postSource.get(String(redirect.postId)) : undefined;
    if (post) {
      const feed = redirect.targetPath !== null && /^\/feeds\/\d+\/comments\/default$/.test(redirect.targetPath);
      yield { type: 'redirect', from: redirect.from, to: { post, commentsFeed: feed } };
    } else if (redirect.targetPath) {
      yield { type: 'redirect', from: redirect.from, to: { path: redirect.targetPath } };
    }
  }
  let dastan: DastanExportSettings | undefined;
  if (doc.settings !== undefined) {
    const read = readExportSettings(doc.settings);
    if ('settings' in read) dastan = read.settings;
    else yield { type: 'warning', message: `the blog's options, comment settings and theme were not kept: ${read.problem}` };
  }
  yield {
    type: 'settings',
    title: doc.blog?.title,
    description: doc.blog?.description,
    language: typeof doc.blog?.language === 'string' ? doc.blog.language : undefined,
    timeZone: typeof doc.blog?.timeZone === 'string' ? doc.blog.timeZone : undefined,
    searchDescription: typeof doc.blog?.searchDescription === 'string' ? doc.blog.searchDescription : undefined,
    dastan,
  };
}
