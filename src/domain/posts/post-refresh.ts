/**
 * Bringing a stored post up to date from a newer copy of it (an import run with `--update`): the copy
 * goes through the same content rules as any save (post-content.ts), and only what then differs from
 * the stored post is changed. The post keeps its ID, permalink and status, so its addresses stay.
 */
import type { BlogRow, PostRow, PostUpdate } from '../../storage/schema.js';
import { postHtmlRules } from '../text/html-rules.js';
import { postContent } from './post-content.js';
import type { NewPost } from './post.service.js';

/** What changes, or undefined when the copy says what the post already says. */
export interface PostRefresh {
  patch: PostUpdate;
  /** The post's labels, when they change. */
  labels?: string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * The changes that bring `stored` (with its labels) in line with `input`; undefined when there are
 * none. Throws InvalidInputError (naming the field) for a copy that could not be saved at all.
 */
export async function postRefresh(
  blog: BlogRow,
  stored: PostRow,
  storedLabels: readonly string[],
  input: NewPost,
  now: number,
): Promise<PostRefresh | undefined> {
  const content = await postContent(input, input.htmlRules ?? postHtmlRules('owner', blog.embed_providers));
  const patch: PostUpdate = {};
  if (content.title !== stored.title) patch.title = content.title;
  if (content.bodyHtml !== stored.body_html) {
    patch.body_html = content.bodyHtml;
    patch.body_text = content.bodyText;
  }
  if (content.searchDescription !== stored.search_description) patch.search_description = content.searchDescription;
  if (input.authorName !== undefined && content.authorName !== stored.author_name) patch.author_name = content.authorName;
  if (input.commentsSetting && input.commentsSetting !== stored.comments_setting) patch.comments_setting = input.commentsSetting;
  // A published post keeps its place in time unless the copy moves it; a draft has none to keep.
  if (stored.status !== 'draft' && input.publishedAt !== undefined && input.publishedAt !== Number(stored.published_at))
    patch.published_at = input.publishedAt;
  const labels = sameSet(content.labels, storedLabels) ? undefined : content.labels;
  if (Object.keys(patch).length === 0 && !labels) return undefined;
  patch.updated_at = input.updatedAt ?? now;
  return { patch, labels };
}
