/**
 * The durable job queue: `jobs`, one row per piece of background work (mail, webhooks, feed fetches,
 * image variants). A row is claimed by setting `lease_until` and `claim`: a worker killed mid-job leaves
 * a lease that runs out, and another worker takes the job again. `(kind, key)` is unique, so a job
 * given a key is added once however often it is asked for (NULL keys never collide).
 * Frozen in time: a migration never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text')
    // The blog the job is for, when it is for one: its owners see the job if it fails.
    .addColumn('blog_id', 'text', (c) => c.references('blogs.id').onDelete('cascade'))
    // JSON.
    .addColumn('payload', 'text', (c) => c.notNull())
    // queued | running | done | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', time, (c) => c.notNull())
    // While running: until when the claim holds, and the claim's own random token.
    .addColumn('lease_until', time)
    .addColumn('claim', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('finished_at', time)
    .execute();
  await db.schema.createIndex('jobs_kind_key').on('jobs').columns(['kind', 'key']).unique().execute();
  // What a worker looks for: queued jobs that are due, and running ones whose lease ran out.
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();
  await sql`create index jobs_lease on jobs (lease_until) where status = 'running'`.execute(db);
  await db.schema.createIndex('jobs_blog_status').on('jobs').columns(['blog_id', 'status', 'updated_at']).execute();
}
