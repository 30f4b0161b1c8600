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

  /** The blog's labels carried by live posts, with how many, by name: the counts are kept by triggers, not counted. */
  async countsForBlog(blogId: string): Promise<LabelCount[]> {
    const rows = await this.db
      .selectFrom('label_counts as c')
      .innerJoin('labels as l', 'l.id', 'c.label_id')
      .select(['l.name', 'c.n'])
      .where('c.blog_id', '=', blogId)
      .where('c.n', '>', 0)
      .orderBy('l.name')
      .execute();
    return rows.map((r) => ({ name: r.name, count: Number(r.n) }));
  }
}
