/**
 * Posts, pages and comments as Blogger's API v3 serves them (`blogger#post`, `blogger#page`,
 * `blogger#comment`, or a `blogger#postList` of them) — what API-based backup tools save. Source IDs are
 * written as the Atom backup writes them, so importing the backup after the API list adds nothing twice.
 * The API escapes `&` in labels and names once more than needed (`Good &amp; Bad`); that is undone.
 */
import { bloggerPermalink, decodeEntities, isWebUrl, parseDate, pathOf } from './common.js';
import type { ImportedPost, ImportItem, ParserInput } from './import-model.js';

type ApiObject = Record<string, any>;

function itemsOf(document: unknown): ApiObject[] {
  if (Array.isArray(document)) return document as ApiObject[];
  const doc = document as ApiObject;
  return Array.isArray(doc.items) ? (doc.items as ApiObject[]) : [];
}

function atomId(blogId: string, kind: 'post' | 'page', id: string): string {
  return `tag:blogger.com,1999:blog-${blogId}.${kind}-${id}`;
}

/** Parses a Blogger API v3 list (or array) of posts, pages and comments. */
export async function* parseBloggerApi({ document }: ParserInput): AsyncGenerator<ImportItem> {
  for (const [index, item] of itemsOf(document).entries()) {
    const entry = `item ${index + 1}`;
    const blogId = String(item.blog?.id ?? item.blogId ?? 'unknown');
    const id = String(item.id ?? '');
    if (!/^\d{1,19}$/.test(id)) {
      yield { type: 'skip', reason: 'an API item without a numeric id', entry };
      continue;
    }
    if (item.kind === 'blogger#post' || item.kind === 'blogger#page') {
      const kind = item.kind === 'blogger#page' ? 'page' : 'post';
      const status = String(item.status ?? 'LIVE').toUpperCase();
      if (/TRASH|DELETED/.test(status)) {
        yield { type: 'skip', reason: `a deleted ${kind}`, entry: `"${item.title ?? ''}"` };
        continue;
      }
      const path = typeof item.url === 'string' ? pathOf(item.url) : undefined;
      const permalink = bloggerPermalink(path);
      const post: ImportedPost = {
        type: 'post',
        sourceId: atomId(blogId, kind, id),
        kind,
        status: status === 'DRAFT' ? 'draft' : status === 'SCHEDULED' ? 'scheduled' : 'live',
        title: String(item.title ?? ''),
        body: String(item.content ?? ''),
        format: 'html',
        publishedAt: parseDate(item.published),
        updatedAt: parseDate(item.updated),
        labels: Array.isArray(item.labels) ? item.labels.map((l: unknown) => decodeEntities(String(l))) : [],
        permalink: permalink && (permalink.year === undefined) === (kind === 'page') ? permalink : undefined,
        keepId: id,
        author: item.author?.displayName ? { name: decodeEntities(String(item.author.displayName)) } : undefined,
        searchDescription: typeof item.customMetaData === 'string' ? item.customMetaData : undefined,
        oldAddresses: path && !permalink ? [{ from: path }] : [],
      };
      yield post;
    } else if (item.kind === 'blogger#comment') {
      const postId = String(item.post?.id ?? '');
      const parentId = item.inReplyTo?.id ? String(item.inReplyTo.id) : undefined;
      const status = String(item.status ?? 'LIVE').toUpperCase();
      if (/DELETED|TRASH/.test(status)) {
        yield { type: 'skip', reason: 'a deleted comment', entry: `comment ${id}` };
        continue;
      }
      yield {
        type: 'comment',
        sourceId: atomId(blogId, 'post', id),
        replyTo: atomId(blogId, 'post', postId),
        parentSourceId: parentId ? atomId(blogId, 'post', parentId) : undefined,
        status: status === 'SPAM' ? 'spam' : status === 'PENDING' ? 'pending' : 'live',
        authorName: decodeEntities(String(item.author?.displayName ?? '')),
        authorUrl: isWebUrl(item.author?.url) ? String(item.author.url) : undefined,
        body: String(item.content ?? ''),
        createdAt: parseDate(item.published),
        keepId: id,
      };
    } else {
      yield { type: 'skip', reason: `an API item of the kind "${String(item.kind)}"`, entry };
    }
  }
}
