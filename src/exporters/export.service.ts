/**
 * Taking a blog out: a Blogger backup (Atom, 2018 format), a WordPress WXR 1.2 file, or Dastan's
 * full-fidelity JSON — written to a stream page by page, so memory stays bounded however large the
 * blog. Importing any of them into an empty blog gives back the same posts, pages, labels, comments
 * (with threads and status), dates and URLs.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { BlogService } from '../domain/blogs/blog.service.js';
import { NotFoundError } from '../domain/errors.js';
import type { BlogRepository } from '../storage/repositories/blog.repository.js';
import type { LabelRepository } from '../storage/repositories/label.repository.js';
import { writeBloggerExport } from './blogger.exporter.js';
import { ExportContext, type ExportRepositories, type Write } from './export-context.js';
import { writeJsonExport } from './json.exporter.js';
import { writeWxrExport } from './wxr.exporter.js';

export const EXPORT_FORMATS = ['blogger', 'wxr', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  blogId: string;
  format: ExportFormat;
  /** Called as posts are read: how many so far, of how many. */
  onProgress?(done: number, total: number): void;
}

export interface ExportResult {
  posts: number;
  comments: number;
}

export interface ExportServiceDeps extends ExportRepositories {
  blogs: BlogRepository;
  blogService: BlogService;
  labels: LabelRepository;
  now: () => number;
}

/** A Write over a stream that waits for it to drain when its buffer is full. */
function streamWriter(out: Writable): Write {
  return async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
}

export class ExportService {
  constructor(private readonly deps: ExportServiceDeps) {}

  /** Writes a blog to `out` in `format` (the stream is not ended). */
  async export(out: Writable, options: ExportOptions): Promise<ExportResult> {
    const blog = await this.deps.blogs.findById(options.blogId);
    if (!blog) throw new NotFoundError('That blog does not exist.');
    const total = await this.deps.posts.countAll(blog.id);
    const home = this.deps.blogService.homeUrl(blog, { protocol: 'https', port: '' });
    const ctx = new ExportContext(blog, home, this.deps, (done) => options.onProgress?.(done, total));
    const write = streamWriter(out);
    switch (options.format) {
      case 'blogger':
        return writeBloggerExport(ctx, write);
      case 'wxr':
        return writeWxrExport(ctx, write, await this.deps.labels.namesOfBlog(blog.id));
      case 'json':
        return writeJsonExport(ctx, write, this.deps.now());
    }
  }
}
