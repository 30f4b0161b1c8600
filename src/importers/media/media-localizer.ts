/**
 * Bringing an imported blog's images home (opt-in: `dastan import --media`, or the dashboard's
 * checkbox; always for the images a Markdown site carries, which are copied rather than fetched):
 * every hosted image the imported posts show is fetched under strict limits, checked by
 * its real type and stored as an upload, and the posts are rewritten to the local copies. What could
 * not be fetched is reported and keeps its old address. Stored images are remembered by address, so
 * running the import again fetches nothing twice.
 */
import { InvalidInputError } from '../../domain/errors.js';
import type { ImageService } from '../../domain/media/image.service.js';
import { sanitizePostHtml } from '../../domain/text/sanitize.js';
import type { ImportedMediaRepository } from '../../storage/repositories/import-job.repository.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import { fetchImage, MediaFetchError, type MediaFetchLimits } from './fetch-image.js';
import { hostedImagesIn, isHostedImage, rewriteImages } from './media-links.js';
import { ImportRefusedError } from '../import-errors.js';

/** The bytes of an image the export carries; a file that cannot be read fails like a download. */
function readCarried(read: () => Buffer): Buffer {
  try {
    return read();
  } catch (error) {
    if (error instanceof ImportRefusedError) throw new MediaFetchError(error.reason);
    throw error;
  }
}

export interface MediaDownloadReport {
  /** Distinct hosted images the imported posts show. */
  found: number;
  /** Fetched and stored by this run. */
  stored: number;
  /** Stored by an earlier run (not fetched again). */
  alreadyStored: number;
  /** Posts and pages whose body now points at local copies. */
  postsChanged: number;
  /** Images that stay at their old address, and why. */
  failed: { url: string; reason: string }[];
}

export interface MediaLocalizerDeps {
  posts: PostRepository;
  media: ImportedMediaRepository;
  images: ImageService;
  now: () => number;
}

export interface LocalizeOptions {
  limits: MediaFetchLimits;
  /** Addresses of the export's own attachments (WordPress), images wherever they are hosted. */
  attachments?: ReadonlySet<string>;
  /** Images the export carries (a Markdown site's), by the address the posts show them at: copied, not fetched. */
  files?: ReadonlyMap<string, () => Buffer>;
  /** Fetch the hosted images too (`--media`); without it only `files` are stored. Default true. */
  fetch?: boolean;
  onProgress?(done: number, total: number): void;
}

const PAGE = 500;
const MAX_FAILURES_LISTED = 500;
/** Images fetched at the same time. */
const PARALLEL = 4;

export class MediaLocalizer {
  constructor(private readonly deps: MediaLocalizerDeps) {}

  async localize(blogId: string, options: LocalizeOptions): Promise<MediaDownloadReport> {
    const files = options.files ?? new Map<string, () => Buffer>();
    const attachments = new Set([...(options.attachments ?? []), ...files.keys()]);
    const { postIds, urls } = await this.collect(blogId, attachments);
    if (options.fetch === false) for (const url of urls) if (!files.has(url)) urls.delete(url);
    const local = await this.deps.media.findMany(blogId, [...urls]);
    const report: MediaDownloadReport = { found: urls.size, stored: 0, alreadyStored: local.size, postsChanged: 0, failed: [] };
    const missing = [...urls].filter((url) => !local.has(url));
    let done = local.size;
    options.onProgress?.(done, urls.size);

    let next = 0;
    const worker = async () => {
      while (next < missing.length) {
        const url = missing[next++]!;
        try {
          const file = files.get(url);
          const bytes = file ? readCarried(file) : await fetchImage(url, options.limits);
          const image = await this.deps.images.store(blogId, bytes).catch((error: unknown) => {
            if (error instanceof InvalidInputError) throw new MediaFetchError('not an image Dastan can use (JPEG, PNG, WebP, GIF or AVIF)');
            throw error;
          });
          await this.deps.media.insert(blogId, url, image.src, this.deps.now());
          local.set(url, image.src);
          report.stored++;
        } catch (error) {
          if (!(error instanceof MediaFetchError)) throw error;
          if (report.failed.length < MAX_FAILURES_LISTED) report.failed.push({ url, reason: error.message });
        }
        options.onProgress?.(++done, urls.size);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));

    if (local.size > 0) {
      for (const id of postIds) {
        const post = await this.deps.posts.findById(blogId, id);
        if (!post) continue;
        const body = rewriteImages(post.body_html, local);
        const cover = local.get(post.cover_image_url);
        if (body === post.body_html && !cover) continue;
        await this.deps.posts.update(blogId, id, { body_html: sanitizePostHtml(body).html, ...(cover ? { cover_image_url: cover } : {}) });
        report.postsChanged++;
      }
    }
    return report;
  }

  /** The imported posts that show hosted images, and those images. */
  private async collect(blogId: string, attachments: ReadonlySet<string>): Promise<{ postIds: string[]; urls: Set<string> }> {
    const postIds: string[] = [];
    const urls = new Set<string>();
    let after: string | undefined;
    for (;;) {
      const page = await this.deps.posts.listForExport(blogId, PAGE, after);
      for (const post of page) {
        if (post.source_id === null) continue;
        const found = hostedImagesIn(post.body_html, attachments);
        if (post.cover_image_url && isHostedImage(post.cover_image_url, attachments, false)) found.push(post.cover_image_url);
        if (found.length === 0) continue;
        postIds.push(post.id);
        for (const url of found) urls.add(url);
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
    return { postIds, urls };
  }
}
