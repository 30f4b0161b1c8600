/** Labels (Blogger's name for tags): per blog, attached to posts through post_labels. */
import type { Kysely, Transaction } from 'kysely';
import { newId } from '../ids.js';
import { preparedQuery } from '../prepared-query.js';
import type { Database, LabelRow } from '../schema.js';

export interface LabelCount {
  name: string;
  count: number;
}

export class LabelRepository {
  // Run for every post stored: compiled once per number of labels.
  private readonly insertNew;
  private readonly idsByName;

  constructor(private readonly db: Kysely<Database>) {
    this.insertNew = preparedQuery(db, (a: { rows: { id: string; blog_id: string; name: string }[] }) =>
      db
        .insertInto('labels')
        .values(a.rows)
        .onConflict((oc) => oc.columns(['blog_id', 'name']).doNothing()),
    );
    this.idsByName = preparedQuery(db, (a: { blogId: string; names: readonly string[] }) =>
      db.selectFrom('labels').select(['id', 'name']).where('blog_id', '=', a.blogId).where('name', 'in', a.names),
    );
  }

  /** Returns the IDs of the blog's labels with these names, creating those that are missing. */
  async ensure(blogId: string, names: readonly string[], trx: Kysely<Database> | Transaction<Database> = this.db): Promise<string[]> {
    if (names.length === 0) return [];
    await this.insertNew({ rows: names.map((name) => ({ id: newId(), blog_id: blogId, name })) }, trx);
    const rows = await this.idsByName({ blogId, names }, trx);
    const byName = new Map(rows.map((r) => [r.name, r.id]));
    return names.map((n) => byName.get(n)!).filter(Boolean);
  }

  findByNames(blogId: string, names: readonly string[]): Promise<LabelRow[]> {
    if (names.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('labels').selectAll().where('blog_id', '=', blogId).where('name', 'in', names).execute();
  }

  /** The names of all the blog's labels, in alphabetical order (for exports). */
  async namesOfBlog(blogId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('labels').select('name').where('blog_id', '=', blogId).orderBy('name').execute();
    return rows.map((r) => r.name);
  }

  /**
   * Each label of the blog with the number of live posts carrying it; labels on no live post are left out.
   * Counted label by label through `post_labels_label` and each post's key, so the plan never reads
   * another blog's posts (a join grouped by name read every post of the install on PostgreSQL).
   */
  async countsForBlog(blogId: string): Promise<LabelCount[]> {
    const rows = await this.db
      .selectFrom('labels as l')
      .where('l.blog_id', '=', blogId)
      .select((eb) => [
        'l.name as name',
        eb
          .selectFrom('post_labels as pl')
          .innerJoin('posts as p', 'p.id', 'pl.post_id')
          .whereRef('pl.label_id', '=', 'l.id')
          .where('p.kind', '=', 'post')
          .where('p.status', '=', 'live')
          .where('p.trashed_at', 'is', null)
          .select((c) => c.fn.countAll<number>().as('n'))
          .as('count'),
      ])
      .orderBy('l.name')
      .execute();
    return rows.filter((r) => Number(r.count) > 0).map((r) => ({ name: r.name, count: Number(r.count) }));
  }
}
