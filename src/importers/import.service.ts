/**
 * Importing a blog from Blogger, WordPress or Ghost (or a Dastan export): the format is recognised by
 * content; the whole file is then read once to check it — a file that is broken, or not an export, is
 * refused with the line and the reason before anything is stored — and read again to store it through
 * the one writer. The report says what the file held, what was added, what was left out and why.
 *
 * Used by `dastan import`; made for the dashboard's upload too (it runs in the background and reports
 * progress through `onProgress`).
 */
import type { Kysely } from 'kysely';
import type { BlogService } from '../domain/blogs/blog.service.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors.js';
import type { Storage } from '../storage/database.js';
import type { BlogRepository } from '../storage/repositories/blog.repository.js';
import type { CommentRepository } from '../storage/repositories/comment.repository.js';
import type { PostRepository } from '../storage/repositories/post.repository.js';
import type { Database } from '../storage/schema.js';
import { cutText } from './common.js';
import { detectFormat, FORMAT_NAMES } from './detect.js';
import { ImportRefusedError } from './import-errors.js';
import type { ImportedSettings, ImportSource } from './import-model.js';
import { emptyCounts, FoundCounter, type ImportReport } from './import-report.js';
import { ImportWriter, type ImportWriterDeps } from './import.writer.js';
import type { ImportWriteServices } from './writer/write-services.js';
import { DEFAULT_MEDIA_LIMITS, type MediaFetchLimits } from './media/fetch-image.js';
import type { MediaDownloadReport, MediaLocalizer } from './media/media-localizer.js';
import { parserFor } from './parsers.js';
import { fileSource } from './source.js';

export interface ImportProgress {
  /**
   * `checking`: reading the file through (done and total are bytes); `writing`: storing it (entries);
   * `media`: downloading the posts' images (images).
   */
  phase: 'checking' | 'writing' | 'media';
  done: number;
  total: number;
}

export interface ImportOptions {
  blogId: string;
  /** Take the blog's title and description from the export, and a Dastan export's other settings (default true). */
  applySettings?: boolean;
  /** Who imports (the theme files a Dastan export brings are saved in their name). */
  userId?: string | null;
  /** Import a Blogger or WordPress file cut after a complete entry (with a warning) instead of refusing it. */
  partial?: boolean;
  /** Any entry left out (for whatever reason) fails the import, and nothing is stored. */
  strict?: boolean;
  /**
   * Entries the blog already holds (recognised by source ID, Dastan ID, or address and publication
   * time) are brought up to date from the file instead of being left as they are; new ones are added.
   */
  update?: boolean;
  /** Only read and check the file; store nothing. */
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Download the images the imported posts show and point the posts at the local copies (opt-in). */
  media?: boolean;
  /** Overrides of the media fetch limits (tests allow 127.0.0.1 here). */
  mediaLimits?: Partial<MediaFetchLimits>;
}

export interface ImportServiceDeps {
  storage: Storage;
  /** The write services over a transaction. */
  bind: (db: Kysely<Database>) => ImportWriteServices;
  blogs: BlogRepository;
  blogService: BlogService;
  posts: PostRepository;
  comments: CommentRepository;
  /** Marks the blog's content as changed (page caches). */
  contentChanged: (blogId: string) => Promise<void>;
  now: () => number;
  /** Downloads the posts' images when an import asks for it. */
  media: MediaLocalizer;
  /** The media fetch limits of this installation. */
  mediaLimits?: MediaFetchLimits;
  /** Adds e-mail subscribers an export brings (Substack's list) to the blog's list. */
  addSubscribers?: ImportWriterDeps['addSubscribers'];
  /** Runs after the posts and comments are written: the spam classifier learns the imported comments' statuses. */
  afterWrite?: (blogId: string) => Promise<unknown>;
  /** Applies the settings of a Dastan export other than title and description (settings-applier.ts). */
  applyOtherSettings?: (
    blogId: string,
    settings: Omit<ImportedSettings, 'type'>,
    userId: string | null,
    warn: (message: string) => void,
  ) => Promise<string[]>;
}

export class ImportService {
  /** Blogs an import is running into, in this process: one at a time each. */
  private readonly running = new Set<string>();

  constructor(private readonly deps: ImportServiceDeps) {}

  /** Imports the export in `file` into a blog. */
  async importFile(file: string, options: ImportOptions): Promise<ImportReport> {
    return this.import(fileSource(file), options);
  }

  /** Imports an export into a blog; throws ImportRefusedError (nothing stored) when the file cannot be imported. */
  async import(source: ImportSource, options: ImportOptions): Promise<ImportReport> {
    const blog = await this.deps.blogs.findById(options.blogId);
    if (!blog) throw new NotFoundError('That blog does not exist.');
    if (this.running.has(blog.id)) throw new ConflictError(`An import into the blog ${blog.name} is already running.`);
    this.running.add(blog.id);
    try {
      const started = this.deps.now();
      const progress = options.onProgress;
      const size = source.size ?? 0;
      const detected = await detectFormat(source, (bytes) => progress?.({ phase: 'checking', done: bytes, total: size }));
      // A gzip is read through; an export inside a zip is read as itself.
      const input = { source: detected.source, document: detected.document, zip: detected.zip, partial: options.partial };
      const parse = await parserFor(detected.format);

      // First the whole file is read and checked: a refusal comes before anything is stored.
      const found = new FoundCounter();
      for await (const item of parse({ ...input, onRead: (bytes) => progress?.({ phase: 'checking', done: bytes, total: size }) })) {
        found.observe(item);
      }

      const report: ImportReport = {
        source: source.name,
        format: detected.format,
        formatName: FORMAT_NAMES[detected.format],
        blog: blog.name,
        dryRun: options.dryRun === true,
        found: found.counts,
        added: emptyCounts(),
        alreadyImported: 0,
        settings: {},
        redirects: [],
        media: found.media,
        skipped: found.skipped.list(),
        warnings: found.warnings.list(),
        durationMs: 0,
      };
      const left = found.skipped.list();
      if (options.strict && left.length > 0) {
        const first = left[0]!;
        throw new ImportRefusedError(
          `--strict: ${left.reduce((n, g) => n + g.count, 0)} entries would be left out, ${first.count} as ${first.reason} (${first.examples.slice(0, 3).join('; ')})`,
        );
      }
      if (options.dryRun) return { ...report, durationMs: this.deps.now() - started };

      const total = found.entries;
      const writer = new ImportWriter(blog, {
        storage: this.deps.storage,
        bind: this.deps.bind,
        earlierPosts: this.deps.posts.sourceIds(blog.id),
        earlierComments: this.deps.comments.sourceIds(blog.id),
        now: this.deps.now,
        strict: options.strict,
        update: options.update,
        addSubscribers: this.deps.addSubscribers,
        onWritten: (written) => progress?.({ phase: 'writing', done: written, total }),
      });
      progress?.({ phase: 'writing', done: 0, total });
      try {
        await writer.write(parse(input));
      } finally {
        await this.deps.contentChanged(blog.id);
      }
      await this.deps.afterWrite?.(blog.id);

      let mediaDownload: MediaDownloadReport | undefined;
      // A Markdown site's own images are always copied in; hosted ones are fetched with --media.
      if (options.media || found.files.size > 0) {
        mediaDownload = await this.deps.media.localize(blog.id, {
          limits: { ...(this.deps.mediaLimits ?? DEFAULT_MEDIA_LIMITS), ...options.mediaLimits },
          attachments: new Set(found.media.map((m) => m.url)),
          files: found.files,
          fetch: options.media === true,
          onProgress: (done, all) => progress?.({ phase: 'media', done, total: all }),
        });
        if (mediaDownload.postsChanged > 0) await this.deps.contentChanged(blog.id);
      }

      const settings =
        options.applySettings === false ? {} : await this.applySettings(blog.id, writer.settings, writer, options.userId ?? null);
      return {
        ...report,
        added: writer.added,
        alreadyImported: writer.alreadyImported,
        updated: options.update ? writer.updated : undefined,
        settings,
        redirects: writer.redirects,
        mediaDownload,
        skipped: [...report.skipped, ...writer.skipped.list()],
        warnings: [...report.warnings, ...writer.warnings.list()],
        durationMs: this.deps.now() - started,
      };
    } finally {
      this.running.delete(blog.id);
    }
  }

  private async applySettings(
    blogId: string,
    settings: Omit<ImportedSettings, 'type'>,
    writer: ImportWriter,
    userId: string | null,
  ): Promise<ImportReport['settings']> {
    const applied: ImportReport['settings'] = {};
    for (const [field, given, max] of [
      ['title', settings.title, 200],
      ['description', settings.description, 2000],
    ] as const) {
      const whole = given?.trim() ?? '';
      const value = cutText(whole, max).trim();
      if (!value) continue;
      if (value.length < whole.length)
        writer.warnings.add(
          `the blog's ${field} from the export was longer than ${max} characters and was cut`,
          `"${cutText(value, 80)}…"`,
        );
      try {
        await this.deps.blogService.updateSettings(blogId, { [field]: value });
        applied[field] = value;
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        writer.warnings.add(`the blog's ${field} from the export was not kept: ${error.message}`);
      }
    }
    const other = await this.deps.applyOtherSettings?.(blogId, settings, userId, (message) => writer.warnings.add(message));
    if (other && other.length > 0) applied.other = other;
    return applied;
  }
}
