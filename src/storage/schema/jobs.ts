/**
 * Work done in the background (part of the schema in ../schema.ts): dashboard imports and their
 * downloaded media, the durable job queue, and the Blog list gadget's fetched feeds.
 */
import type { Generated } from 'kysely';

export type ImportJobStatus = 'running' | 'done' | 'failed';

export interface ImportJobsTable {
  id: string;
  blog_id: string;
  user_id: string | null;
  file_name: string;
  status: ImportJobStatus;
  phase: string;
  done: number;
  total: number;
  /** 1: download the posts' images too. */
  media: number;
  /** 1: take the blog's settings from the file; 0: keep the blog's own. */
  apply_settings: Generated<number>;
  /** 1: update the entries the blog already holds (`--update`). */
  update_entries: Generated<number>;
  /** The import report as JSON, once done. */
  report: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface ImportedMediaTable {
  blog_id: string;
  source_url: string;
  local_src: string;
  created_at: number;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** One piece of background work in the durable queue (see `domain/jobs/job-queue.ts`). */
export interface JobsTable {
  id: string;
  kind: string;
  /** Makes the job idempotent: one row per kind and key, ever. */
  key: string | null;
  blog_id: string | null;
  /** JSON. */
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: number;
  lease_until: number | null;
  claim: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

/** The latest posts of another site, for a blog's Blog list gadget (fetched in the background). */
export interface BlogListFeedsTable {
  blog_id: string;
  /** The feed's address as the owner typed it. */
  url: string;
  site_title: Generated<string>;
  site_url: Generated<string>;
  /** JSON list of `{ title, url, published }` (published: milliseconds or null), newest first. */
  items: Generated<string>;
  fetched_at: number | null;
  /** Why the last fetch failed, in words; '' after a good one. */
  error: Generated<string>;
}
