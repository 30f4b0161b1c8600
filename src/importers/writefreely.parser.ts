/**
 * WriteFreely's JSON export (Settings → Export → JSON): the user, their blogs ("collections", each
 * with its posts) and the posts outside any blog ("posts", drafts in WriteFreely's words). The shape
 * is WriteFreely's `ExportUser` (export.go, `compileFullExport`): a post has `id`, `slug`, `title`,
 * `body` (Markdown), `tags`, `created`, `updated`; a collection `alias`, `title`, `description`, `url`.
 *
 * A blog's posts come in published, at their WriteFreely address (`/alias/slug`, or `/slug` on a
 * single-blog instance, from the collection's `url`), which redirects to the post; `…/tag:name`
 * pages lead to the label. Posts outside a blog come in as drafts.
 */
import { basePathOf, parseDate, pathOf } from './common.js';
import { ImportRefusedError } from './import-errors.js';
import type { ImportItem, ParserInput } from './import-model.js';

interface WfPost {
  id?: unknown;
  slug?: unknown;
  title?: unknown;
  body?: unknown;
  tags?: unknown;
  created?: unknown;
  updated?: unknown;
}

interface WfCollection {
  alias?: unknown;
  title?: unknown;
  description?: unknown;
  url?: unknown;
  posts?: unknown;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** True for a document in WriteFreely's export shape. */
export function isWriteFreely(doc: Record<string, unknown>): boolean {
  const collections = doc.collections;
  return (
    Array.isArray(collections) &&
    collections.every((c) => typeof c === 'object' && c !== null && typeof (c as WfCollection).alias === 'string') &&
    (typeof doc.username === 'string' || collections.length > 0)
  );
}

/** A post's title: its own, else its first line (WriteFreely shows an untitled post so). */
function titleOf(post: WfPost): string {
  const own = text(post.title).trim();
  if (own) return own;
  const first = text(post.body).trim().split('\n')[0] ?? '';
  return first
    .replace(/^#+\s*/, '')
    .slice(0, 120)
    .trim();
}

function* postItems(post: WfPost, where: string, collection: WfCollection | undefined): Generator<ImportItem> {
  const id = text(post.id);
  const name = `"${titleOf(post) || '(untitled)'}"`;
  if (!id) {
    yield { type: 'skip', reason: 'a WriteFreely post without an id', entry: `${name} (${where})` };
    return;
  }
  const slug = text(post.slug).trim();
  const base = collection ? text(collection.url) : '';
  const home = base ? (pathOf(base) ?? '/') : '/';
  const oldPath = collection && slug ? `${home.replace(/\/?$/, '/')}${slug}` : `/${id}`;
  const tags = Array.isArray(post.tags) ? post.tags.filter((t): t is string => typeof t === 'string') : [];
  yield {
    type: 'post',
    sourceId: `writefreely:post:${id}`,
    kind: 'post',
    status: collection ? 'live' : 'draft',
    title: titleOf(post),
    body: text(post.body),
    format: 'markdown',
    publishedAt: parseDate(text(post.created)),
    updatedAt: parseDate(text(post.updated)),
    labels: tags,
    permalink: slug ? { slug } : undefined,
    oldAddresses: [{ from: oldPath }],
  };
}

/** Parses a WriteFreely JSON export. */
export async function* parseWriteFreely({ document }: ParserInput): AsyncGenerator<ImportItem> {
  const doc = document as Record<string, unknown>;
  if (!isWriteFreely(doc)) throw new ImportRefusedError('the file is not a WriteFreely export');
  const collections = doc.collections as WfCollection[];
  if (collections.length > 1) {
    yield {
      type: 'warning',
      message: `the export holds ${collections.length} WriteFreely blogs; their posts all come into this one blog (the first one's title is kept)`,
    };
  }
  const tags = new Set<string>();
  for (const [i, collection] of collections.entries()) {
    const posts = Array.isArray(collection.posts) ? (collection.posts as WfPost[]) : [];
    for (const [j, post] of posts.entries()) {
      for (const tag of Array.isArray(post.tags) ? post.tags : []) if (typeof tag === 'string') tags.add(tag);
      yield* postItems(post, `collections[${i}].posts[${j}]`, collection);
    }
    const home = basePathOf(text(collection.url) || undefined);
    for (const tag of tags) yield { type: 'redirect', from: `${home}tag:${tag}`, to: { label: tag } };
    tags.clear();
  }
  const loose = Array.isArray(doc.posts) ? (doc.posts as WfPost[]) : [];
  for (const [j, post] of loose.entries()) yield* postItems(post, `posts[${j}]`, undefined);
  const first = collections[0];
  yield { type: 'settings', title: text(first?.title) || undefined, description: text(first?.description) || undefined };
}
