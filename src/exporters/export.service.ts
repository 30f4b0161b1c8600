/**
 * Taking a blog out: a Blogger backup (Atom, 2018 format), a WordPress WXR 1.2 file, or Dastan's
 * full-fidelity JSON — written to a stream page by page, so memory stays bounded however large the
 * blog. Importing any of them into an empty blog gives back the same posts, pages, labels, comments
 * (with threads and status), dates and URLs.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { BlogService } from '../domain/blogs/blog.service.js';
import type { CommentSettingsService } from '../domain/comments/comment-settings.js';
import type { ThemeService } from '../domain/themes/theme.service.js';
import { NotFoundError } from '../domain/errors.js';
import type { BlogRepository } from '../storage/repositories/blog.repository.js';
import type { LabelRepository } from '../storage/repositories/label.repository.js';
import { writeBloggerExport } from './blogger.exporter.js';
import { ExportContext, type ExportRepositories, type Write } from './export-context.js';
import { writeJsonExport } from './json.exporter.js';
import { writeWxrExport } from './wxr.exporter.js';
import type { DastanExportSettings } from '../importers/dastan-json.format.js';
import { storedRobotsTags } from '../domain/blogs/robots-settings.js';
import { readThemeSettings } from '../domain/themes/theme-settings.js';
import type { BlogRow } from '../storage/schema.js';

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
  /** The blog's comment settings and its own theme files, for the JSON export. */
  commentSettings: Pick<CommentSettingsService, 'forBlog'>;
  themeFiles: Pick<ThemeService, 'ownFiles'>;
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
        return writeJsonExport(ctx, write, this.deps.now(), await this.settingsOf(blog));
    }
  }

  private async settingsOf(blog: BlogRow): Promise<DastanExportSettings> {
    const files = await this.deps.themeFiles.ownFiles(blog);
    return {
      options: {
        postsPerPage: blog.posts_per_page,
        popularWindow: blog.popular_window,
        popularCount: blog.popular_count,
        snippetLength: blog.snippet_length,
        labelsStyle: blog.labels_style,
        searchDescriptionEnabled: Number(blog.search_description_enabled) === 1,
        robotsTxt: blog.robots_txt,
        robotsTags: storedRobotsTags(blog.robots_tags),
        embedProviders: blog.embed_providers.split('\n').filter((line) => line.trim() !== ''),
        viewBeacon: Number(blog.view_beacon) === 1,
      },
      comments: await this.deps.commentSettings.forBlog(blog.id),
      theme: {
        name: blog.theme,
        settings: readThemeSettings(blog.theme_settings),
        files: Object.fromEntries(files.map((f) => [f.file, f.content])),
      },
    };
  }
}
