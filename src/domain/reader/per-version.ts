/**
 * Reads kept per blog and content version. Every change a reader can see (a post published or edited, a
 * comment written, approved, edited or deleted, a setting saved) moves `blog.updated_at`, which is also
 * what the page cache's keys hold: a value read at one version is right for every page of it. A blog
 * keeps at most `max` values of a version before starting afresh (a bound, not an eviction policy).
 */
import type { BlogRow } from '../../storage/schema.js';

export class PerBlogVersion<T> {
  private readonly blogs = new Map<string, { version: number; values: Map<string, Promise<T>> }>();

  constructor(private readonly max: number) {}

  get(blog: Pick<BlogRow, 'id' | 'updated_at'>, key: string, read: () => Promise<T>): Promise<T> {
    let known = this.blogs.get(blog.id);
    if (!known || known.version !== blog.updated_at || known.values.size >= this.max) {
      known = { version: blog.updated_at, values: new Map() };
      this.blogs.set(blog.id, known);
    }
    let value = known.values.get(key);
    if (!value) {
      const values = known.values;
      values.set(key, (value = read()));
      // A failed read (the database away) is tried again on the next page, not remembered.
      value.catch(() => values.delete(key));
    }
    return value;
  }
}
