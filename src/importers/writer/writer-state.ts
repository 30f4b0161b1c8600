/**
 * What the parts of an import's writer share while it runs: the blog, the counts of what was added,
 * entries skipped and warnings (grouped by reason), and the posts and comments stored so far by source ID.
 */
import type { BlogRow } from '../../storage/schema.js';
import { emptyCounts, Groups } from '../import-report.js';

/** A post of this import (or an earlier one): its ID, and its path once it is public. */
export interface StoredPost {
  id: string;
  path: string | null;
}

/** A comment of this import (or an earlier one), by its source ID. */
export interface StoredComment {
  id: string;
  postId: string;
  hasParent: boolean;
}

export class WriterState {
  readonly added = emptyCounts();
  readonly skipped = new Groups();
  readonly warnings = new Groups();
  readonly posts = new Map<string, StoredPost>();
  /** Posts, pages and comments an earlier import of the same source stored. */
  alreadyImported = 0;

  constructor(
    readonly blog: BlogRow,
    /** Source ID → comment; starts with the comments of earlier imports. */
    readonly comments: Map<string, StoredComment>,
    readonly now: () => number,
  ) {}

  warn(message: string, line?: number): void {
    this.warnings.add(message, line ? `line ${line}` : undefined);
  }

  skip(reason: string, entry: string, line?: number): void {
    this.skipped.add(reason, line ? `${entry} (line ${line})` : entry);
  }
}
