/**
 * Imports from the dashboard, run in the background: the upload is kept under DATA_DIR/imports, a job
 * row records progress (written a few times a second at most) and, at the end, the report or the
 * reason it failed — so the progress page survives a reload and any app process can show it. One
 * running import per blog; a job whose process stopped (no progress for STALE_MS) is marked failed
 * the next time someone starts an import into that blog.
 */
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { ConflictError } from '../../domain/errors.js';
import { newId } from '../../storage/ids.js';
import type { ImportJobRepository } from '../../storage/repositories/import-job.repository.js';
import type { ImportJobRow } from '../../storage/schema.js';
import { ImportRefusedError } from '../import-errors.js';
import type { ImportReport } from '../import-report.js';
import type { ImportService } from '../import.service.js';
import { fileSource } from '../source.js';

/** A running job not heard from for this long was stopped with its process. */
export const STALE_MS = 10 * 60 * 1000;
/** Progress is written at most this often. */
const PROGRESS_EVERY_MS = 400;

export interface StartImport {
  blogId: string;
  userId: string;
  /** The uploaded file, on disk; removed when the job ends. */
  file: string;
  /** Its name as uploaded, for the pages. */
  fileName: string;
  media: boolean;
  /** Take the blog's title, description and other settings from the file (`--no-settings` when false). */
  applySettings: boolean;
  /** Update the posts and comments the blog already holds from the file (`--update`). */
  update: boolean;
}

export interface ImportJobsDeps {
  jobs: ImportJobRepository;
  importer: ImportService;
  /** How many posts and pages (drafts too) a blog holds. */
  countPosts: (blogId: string) => Promise<number>;
  now: () => number;
}

export class ImportJobs {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: ImportJobsDeps) {}

  /**
   * Whether an import into the blog should take the file's settings unless told otherwise: only into
   * a blog with no posts yet. A blog that is already written in keeps its own title and settings.
   */
  async takesSettingsByDefault(blogId: string): Promise<boolean> {
    return (await this.deps.countPosts(blogId)) === 0;
  }

  /** Records the job and starts it in the background; ConflictError when the blog has one running. */
  async start(input: StartImport): Promise<ImportJobRow> {
    const now = this.deps.now();
    await this.deps.jobs.failStale(
      input.blogId,
      now - STALE_MS,
      'The import stopped when its server process stopped. Please run it again.',
      now,
    );
    const id = newId(now);
    const started = await this.deps.jobs.insertRunning({ ...input, id, now });
    if (!started) throw new ConflictError('An import into this blog is already running. Please wait until it has finished.');
    const job = (await this.deps.jobs.find(input.blogId, id))!;
    const run = this.run(job, input).finally(() => this.running.delete(run));
    this.running.add(run);
    return job;
  }

  /** The blog's latest imports, newest first. */
  recent(blogId: string, limit: number): Promise<ImportJobRow[]> {
    return this.deps.jobs.listRecent(blogId, limit);
  }

  /** One import of the blog, with its progress or report. */
  find(blogId: string, id: string): Promise<ImportJobRow | undefined> {
    return this.deps.jobs.find(blogId, id);
  }

  /** Resolves once every import this process started has ended (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async run(job: ImportJobRow, input: StartImport): Promise<void> {
    let last = 0;
    let writing = Promise.resolve();
    try {
      const report = await this.deps.importer.import(fileSource(input.file), {
        blogId: input.blogId,
        userId: input.userId,
        media: input.media,
        applySettings: input.applySettings,
        update: input.update,
        onProgress: (p) => {
          const at = performance.now();
          if (at - last < PROGRESS_EVERY_MS) return;
          last = at;
          // One write at a time, in order; a failed progress write must not stop the import.
          writing = writing.then(() => this.deps.jobs.progress(job.id, p.phase, p.done, p.total, this.deps.now()).catch(() => {}));
        },
      });
      await writing;
      await this.deps.jobs.finish(job.id, 'done', { report: JSON.stringify({ ...report, source: input.fileName }) }, this.deps.now());
    } catch (error) {
      await writing;
      const message =
        error instanceof ImportRefusedError
          ? `The file cannot be imported: ${error.message}.`
          : `The import stopped: ${(error as Error).message}. What was stored so far stays; running the import again continues it.`;
      await this.deps.jobs.finish(job.id, 'failed', { error: message }, this.deps.now()).catch(() => {});
    } finally {
      await rm(input.file, { force: true });
    }
  }
}

/** The report of a finished job. */
export function reportOf(job: ImportJobRow): ImportReport | undefined {
  return job.report ? (JSON.parse(job.report) as ImportReport) : undefined;
}
