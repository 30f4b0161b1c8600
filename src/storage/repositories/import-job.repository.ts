/** Import jobs (uploads imported in the background) and the images imports downloaded. */
import type { Kysely } from 'kysely';
import type { Database, ImportJobRow, ImportJobStatus } from '../schema.js';

export interface NewImportJob {
  id: string;
  blogId: string;
  userId: string;
  fileName: string;
  media: boolean;
  /** Take the blog's settings from the file (default) or keep the blog's own. */
  applySettings?: boolean;
  /** Update the entries the blog already holds (default: leave them). */
  update?: boolean;
  now: number;
}

export class ImportJobRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Adds a running job unless the blog has one; returns false when it has. The partial unique index
   * decides between two processes starting one at the same moment.
   */
  async insertRunning(job: NewImportJob): Promise<boolean> {
    if (await this.findRunning(job.blogId)) return false;
    try {
      await this.db
        .insertInto('import_jobs')
        .values({
          id: job.id,
          blog_id: job.blogId,
          user_id: job.userId,
          file_name: job.fileName,
          status: 'running',
          phase: 'checking',
          done: 0,
          total: 0,
          media: job.media ? 1 : 0,
          apply_settings: job.applySettings === false ? 0 : 1,
          update_entries: job.update ? 1 : 0,
          report: null,
          error: null,
          created_at: job.now,
          updated_at: job.now,
          finished_at: null,
        })
        .execute();
      return true;
    } catch (error) {
      // Another process got in first: the index refused this row.
      if (await this.findRunning(job.blogId)) return false;
      throw error;
    }
  }

  findRunning(blogId: string): Promise<ImportJobRow | undefined> {
    return this.db.selectFrom('import_jobs').selectAll().where('blog_id', '=', blogId).where('status', '=', 'running').executeTakeFirst();
  }

  /** A job of this blog (never another blog's). */
  find(blogId: string, id: string): Promise<ImportJobRow | undefined> {
    return this.db.selectFrom('import_jobs').selectAll().where('blog_id', '=', blogId).where('id', '=', id).executeTakeFirst();
  }

  /** The blog's latest jobs, newest first. */
  listRecent(blogId: string, limit: number): Promise<ImportJobRow[]> {
    return this.db
      .selectFrom('import_jobs')
      .selectAll()
      .where('blog_id', '=', blogId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  async progress(id: string, phase: string, done: number, total: number, now: number): Promise<void> {
    await this.db
      .updateTable('import_jobs')
      .set({ phase, done, total, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  }

  async finish(
    id: string,
    status: Exclude<ImportJobStatus, 'running'>,
    result: { report?: string; error?: string },
    now: number,
  ): Promise<void> {
    await this.db
      .updateTable('import_jobs')
      .set({ status, report: result.report ?? null, error: result.error ?? null, updated_at: now, finished_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** Marks running jobs of the blog not heard from since `before` as failed: their process stopped. */
  async failStale(blogId: string, before: number, reason: string, now: number): Promise<void> {
    await this.db
      .updateTable('import_jobs')
      .set({ status: 'failed', error: reason, updated_at: now, finished_at: now })
      .where('blog_id', '=', blogId)
      .where('status', '=', 'running')
      .where('updated_at', '<', before)
      .execute();
  }
}

/** Images an import downloaded: old address → the stored upload, per blog. */
export class ImportedMediaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The local copies of those of `urls` already stored for the blog. */
  async findMany(blogId: string, urls: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < urls.length; i += 500) {
      const rows = await this.db
        .selectFrom('imported_media')
        .select(['source_url', 'local_src'])
        .where('blog_id', '=', blogId)
        .where('source_url', 'in', urls.slice(i, i + 500))
        .execute();
      for (const r of rows) found.set(r.source_url, r.local_src);
    }
    return found;
  }

  async insert(blogId: string, sourceUrl: string, localSrc: string, now: number): Promise<void> {
    await this.db
      .insertInto('imported_media')
      .values({ blog_id: blogId, source_url: sourceUrl, local_src: localSrc, created_at: now })
      .onConflict((oc) => oc.columns(['blog_id', 'source_url']).doNothing())
      .execute();
  }
}
