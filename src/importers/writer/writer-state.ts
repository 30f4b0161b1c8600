/**
 * What the parts of an import's writer share while it runs: the blog, the counts of what was added,
 * entries skipped and warnings (grouped by reason), and the posts and comments stored so far by source
 * ID (source-index.ts: kept lean, they are the part that grows with the export).
 */
import type { BlogRow } from '../../storage/schema.js';
import { ImportRefusedError } from '../import-errors.js';
import { emptyCounts, Groups } from '../import-report.js';
import { CommentIndex, PostIndex } from './source-index.js';

export class WriterState {
  readonly added = emptyCounts();
  readonly skipped = new Groups();
  readonly warnings = new Groups();
  /** Source ID → post; starts with the posts of earlier imports. */
  readonly posts = new PostIndex();
  /** Source ID → comment; starts with the comments of earlier imports. */
  readonly comments = new CommentIndex();
  /** Posts, pages and comments an earlier import of the same source stored. */
  alreadyImported = 0;
  /** With `update`: the entries already in the blog that the file changed, and those it left as they were. */
  readonly updated = { posts: 0, pages: 0, comments: 0 };
  unchanged = 0;
  /** Posts the blog already had that entries were recognised as (their comments are looked for too). */
  readonly recognised = new Set<string>();

  constructor(
    readonly blog: BlogRow,
    readonly now: () => number,
    /** Any entry left out fails the import (`--strict`). */
    readonly strict = false,
    /** Entries already in the blog are brought up to date from the file (`--update`), not left as they are. */
    readonly update = false,
  ) {}

  warn(message: string, line?: number): void {
    this.warnings.add(message, line ? `line ${line}` : undefined);
  }

  /** A warning about one entry (a title, a comment's ID), named among the reason's examples. */
  warnAbout(reason: string, entry: string, line?: number): void {
    this.warnings.add(reason, line ? `${entry} (line ${line})` : entry);
  }

  skip(reason: string, entry: string, line?: number): void {
    if (this.strict) throw new ImportRefusedError(`--strict: ${entry} would be left out (${reason})`, line);
    this.skipped.add(reason, line ? `${entry} (line ${line})` : entry);
  }
}
