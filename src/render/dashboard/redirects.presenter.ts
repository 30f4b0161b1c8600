/** The Redirects screen's view model: each redirect with where it leads, its status, who made it and its use. */
import { postPath } from '../../domain/blogs/urls.js';
import type { RedirectListRow } from '../../storage/repositories/redirect.repository.js';
import { formatDateTime } from '../dates.js';

export function presentRedirect(row: RedirectListRow, language: string, timeZone: string) {
  const post =
    row.post_id !== null && row.post_slug !== null && row.post_kind !== null
      ? {
          title: row.post_title ?? '',
          path: postPath({ kind: row.post_kind, slug: row.post_slug, path_year: row.post_year, path_month: row.post_month }),
        }
      : null;
  const lastHit = row.last_hit_at === null ? null : Number(row.last_hit_at);
  return {
    from: row.from_path,
    // What the edit form shows in "To": the post's address, or the fixed path.
    to: row.target_path ?? post?.path ?? '',
    post,
    gone: row.post_id !== null && post === null,
    status: Number(row.status_code),
    imported: row.source === 'import',
    hits: Number(row.hits),
    lastHit: lastHit === null ? null : { text: formatDateTime(lastHit, language, timeZone), iso: new Date(lastHit).toISOString() },
  };
}

export type RedirectView = ReturnType<typeof presentRedirect>;
