/**
 * Where a blog's uploads are used: the posts and pages that show one (in the body or as the cover),
 * and the blog's own pictures (logo, header image, icon) and Image gadgets. An upload is named by its
 * folder, `/uploads/BLOG/ID/`, so every copy of it (any width, any format) counts as the same upload.
 */
import type { BlogRow } from '../../storage/schema.js';
import type { MediaUseRow } from '../../storage/repositories/media.repository.js';
import { postPath } from '../blogs/urls.js';

/** One place an upload is used. */
export type MediaUse =
  | { kind: 'post' | 'page'; postId: string; title: string; path: string; draft: boolean; trashed: boolean }
  | { kind: 'logo' | 'header' | 'icon' | 'gadget' };

type BlogPictures = Pick<BlogRow, 'id' | 'logo_url' | 'header_image_url' | 'icon_url' | 'layout'>;

/** The upload IDs of the blog named in `text` (each once). */
export function uploadIdsIn(blogId: string, text: string | null): Set<string> {
  const ids = new Set<string>();
  if (!text) return ids;
  const folder = new RegExp(`/uploads/${blogId}/(\\d{1,19})/`, 'g');
  for (const m of text.matchAll(folder)) ids.add(m[1]!);
  return ids;
}

/** Upload ID → the places it is used, from the posts naming the blog's uploads and the blog's own settings. */
export function usesOfUploads(blog: BlogPictures, posts: readonly MediaUseRow[]): Map<string, MediaUse[]> {
  const uses = new Map<string, MediaUse[]>();
  const add = (id: string, use: MediaUse) => {
    const list = uses.get(id) ?? [];
    list.push(use);
    uses.set(id, list);
  };
  for (const post of posts) {
    const ids = uploadIdsIn(blog.id, post.body_html);
    for (const id of uploadIdsIn(blog.id, post.cover_image_url)) ids.add(id);
    const use: MediaUse = {
      kind: post.kind,
      postId: post.id,
      title: post.title,
      path: postPath(post),
      draft: post.status !== 'live',
      trashed: post.trashed_at !== null,
    };
    for (const id of ids) add(id, use);
  }
  const own = { logo: blog.logo_url, header: blog.header_image_url, icon: blog.icon_url, gadget: blog.layout } as const;
  for (const kind of ['logo', 'header', 'icon', 'gadget'] as const) {
    for (const id of uploadIdsIn(blog.id, own[kind])) add(id, { kind });
  }
  return uses;
}
