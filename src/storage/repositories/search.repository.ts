/**
 * Full-text search over a blog's live posts and pages. The query itself differs by database (SQLite FTS5,
 * PostgreSQL `tsvector`), so it lives in `storage/dialects/`; this repository is the door the domain uses,
 * like every other query.
 */
import type { Storage } from '../database.js';
import type { SearchQuery, SearchResult } from '../dialects/dialect.js';

export class SearchRepository {
  constructor(private readonly storage: Storage) {}

  /** Best match first; `now` decides which scheduled posts are already live. */
  searchLive(query: SearchQuery, now: number): Promise<SearchResult> {
    return this.storage.dialect.searchPosts(this.storage.db, query, now);
  }
}
