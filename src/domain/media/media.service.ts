/**
 * A blog's media library: every picture uploaded to it (from the editor, the Theme page or an import),
 * with its size, alt text and where it is used. Uploads are recorded as they are made; older ones are
 * found on disk when the library is first opened (media-backfill.ts). An upload something still shows
 * cannot be deleted; the message says what uses it.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { BlogRow, MediaRow } from '../../storage/schema.js';
import type { MediaRepository } from '../../storage/repositories/media.repository.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { canChangeMedia } from '../policies/media.policy.js';
import type { Actor } from '../policies/actor.js';
import type { ImageService, StoredImage } from './image.service.js';
import { parseUploadPath } from './image-variants.js';
import { folderFacts, unrecordedUploads } from './media-backfill.js';
import { usesOfUploads, type MediaUse } from './media-uses.js';

/** Uploads a library page shows. */
export const MEDIA_PAGE_SIZE = 48;
/** The longest alt text kept (the editor's field allows as much). */
export const MAX_ALT_LENGTH = 500;

export interface MediaItem extends MediaRow {
  uses: MediaUse[];
}

export interface UploadedMedia extends StoredImage {
  id: string;
  alt: string;
}

type LibraryBlog = Pick<BlogRow, 'id' | 'logo_url' | 'header_image_url' | 'icon_url' | 'layout'>;

/** A first guess at an alt text from the file's name (`river-at-dusk.jpg` → "river at dusk"); the writer changes it. */
export function altFromFileName(name: string): string {
  return path
    .parse(name)
    .name.replace(/[-_]+/g, ' ')
    .replace(/[\u0000-\u001F\u007F]/g, '')
    .trim()
    .slice(0, 200);
}

export class MediaService {
  constructor(private readonly deps: { media: MediaRepository; images: ImageService; uploadsDir: string; now: () => number }) {}

  /** Stores an uploaded picture (image.service checks and copies it) and records it in the library. */
  async upload(blogId: string, uploadedBy: string | null, bytes: Buffer, fileName: string): Promise<UploadedMedia> {
    const stored = await this.deps.images.store(blogId, bytes);
    const id = parseUploadPath(stored.src)!.imageId;
    const alt = altFromFileName(fileName);
    const { bytes: onDisk } = await folderFacts(path.join(this.deps.uploadsDir, blogId, id));
    await this.deps.media.insert({
      id,
      blog_id: blogId,
      src: stored.src,
      width: stored.width,
      height: stored.height,
      bytes: onDisk,
      file_name: fileName.replace(/[\u0000-\u001F\u007F]/g, '').slice(0, 255),
      alt,
      uploaded_by: uploadedBy,
      created_at: this.deps.now(),
    });
    return { ...stored, id, alt };
  }

  /** One page of the blog's uploads, newest first, each with where it is used; `total` counts them all. */
  async list(blog: LibraryBlog, page = 1): Promise<{ items: MediaItem[]; total: number }> {
    if (page === 1) await this.recordOlderUploads(blog.id);
    const rows = await this.deps.media.page(blog.id, (page - 1) * MEDIA_PAGE_SIZE, MEDIA_PAGE_SIZE);
    const uses = rows.length > 0 ? await this.usesOf(blog) : new Map<string, MediaUse[]>();
    return { items: rows.map((row) => ({ ...row, uses: uses.get(row.id) ?? [] })), total: await this.deps.media.count(blog.id) };
  }

  /** One upload of the blog, or a 404. */
  async find(blog: Pick<BlogRow, 'id'>, id: string): Promise<MediaRow> {
    const row = /^\d{1,19}$/.test(id) ? await this.deps.media.find(blog.id, id) : undefined;
    if (!row) throw new NotFoundError('This blog has no such upload.');
    return row;
  }

  /** Changes the alt text the library offers when the picture is chosen for a post. */
  async setAlt(blog: Pick<BlogRow, 'id'>, actor: Actor, id: string, alt: string): Promise<void> {
    const row = await this.changeable(blog, actor, id);
    const text = alt.replace(/[\u0000-\u001F\u007F]/g, ' ').trim();
    if (text.length > MAX_ALT_LENGTH) {
      throw new InvalidInputError(`The alt text is too long: keep it under ${MAX_ALT_LENGTH} characters.`, 'alt');
    }
    await this.deps.media.setAlt(blog.id, row.id, text);
  }

  /** Deletes an upload nothing uses: its row and every copy on disk. */
  async remove(blog: LibraryBlog, actor: Actor, id: string): Promise<void> {
    const row = await this.changeable(blog, actor, id);
    const posts = await this.deps.media.postsNaming(blog.id, `/uploads/${blog.id}/${row.id}/`);
    const uses = usesOfUploads(blog, posts).get(row.id) ?? [];
    if (uses.length > 0) throw new ConflictError(usedMessage(uses));
    await this.deps.media.remove(blog.id, row.id);
    await rm(path.join(this.deps.uploadsDir, blog.id, row.id), { recursive: true, force: true });
  }

  private async changeable(blog: Pick<BlogRow, 'id'>, actor: Actor, id: string): Promise<MediaRow> {
    const row = await this.find(blog, id);
    if (!canChangeMedia(actor, row))
      throw new ForbiddenError('Only the blog’s owners and admins, or whoever uploaded it, may change this upload.');
    return row;
  }

  private async usesOf(blog: LibraryBlog): Promise<Map<string, MediaUse[]>> {
    return usesOfUploads(blog, await this.deps.media.postsNaming(blog.id, `/uploads/${blog.id}/`));
  }

  private async recordOlderUploads(blogId: string): Promise<void> {
    const missing = await unrecordedUploads(this.deps.uploadsDir, blogId, await this.deps.media.ids(blogId));
    if (missing.length > 0) await this.deps.media.insertMissing(missing);
  }
}

/** Why an upload cannot be deleted: the first few places that show it. */
function usedMessage(uses: readonly MediaUse[]): string {
  const names = uses.slice(0, 3).map((use) => {
    switch (use.kind) {
      case 'post':
        return `the post “${use.title}”`;
      case 'page':
        return `the page “${use.title}”`;
      case 'logo':
        return 'the blog’s logo';
      case 'header':
        return 'the blog’s header image';
      case 'icon':
        return 'the blog’s icon';
      case 'gadget':
        return 'an Image gadget in the Layout';
    }
  });
  const more = uses.length > 3 ? ` and ${uses.length - 3} more` : '';
  return `This picture is still used by ${names.join(', ')}${more}, so it was not deleted. Remove it from there first.`;
}
