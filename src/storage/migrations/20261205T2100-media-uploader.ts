/**
 * The media library's uploader: `media.uploaded_by`, the member who uploaded the picture (authors change
 * and delete their own uploads; owners and admins any). Null for uploads recorded before this (and for
 * pictures an import brought in), which only owners and admins may then change.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('media').addColumn('uploaded_by', 'text').execute();
}
