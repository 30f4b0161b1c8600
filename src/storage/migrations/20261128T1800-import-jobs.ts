/**
 * Imports from the dashboard: `import_jobs`, one row per upload, so an import's progress and report
 * survive a page reload and any app process can show them; at most one running import per blog (a
 * partial unique index, so two processes cannot both start one). And `imported_media`: images an
 * import downloaded, by their old address, so running the import again fetches nothing twice.
 * Frozen in time: a migration never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    // The uploaded file's name, for the page (the file itself is kept under DATA_DIR until the job ends).
    .addColumn('file_name', 'text', (c) => c.notNull())
    // running | done | failed
    .addColumn('status', 'text', (c) => c.notNull())
    // checking | writing | media: what the import is doing, and how far it is (bytes or entries).
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('done', time, (c) => c.notNull().defaultTo(0))
    .addColumn('total', time, (c) => c.notNull().defaultTo(0))
    .addColumn('media', 'integer', (c) => c.notNull().defaultTo(0))
    // The import report as JSON, once done; the reason, once failed.
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    // Written with every progress step: a running job not heard from for long was stopped with its process.
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('finished_at', time)
    .execute();
  await db.schema.createIndex('import_jobs_blog').on('import_jobs').columns(['blog_id', 'created_at']).execute();
  await sql`create unique index import_jobs_one_running on import_jobs (blog_id) where status = 'running'`.execute(db);

  await db.schema
    .createTable('imported_media')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    // The image's old address, as found in the post (entities decoded).
    .addColumn('source_url', 'text', (c) => c.notNull())
    // The stored upload: `/uploads/BLOG/IMAGE/WIDTH.EXT`.
    .addColumn('local_src', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('imported_media_pk', ['blog_id', 'source_url'])
    .execute();
}
