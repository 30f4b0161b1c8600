/** Blogs: the sites this platform hosts, found by name, custom domain or as the primary one. */
import { sql, type Kysely } from 'kysely';
import type { BlogRow, BlogUpdate, Database, NewBlogRow } from '../schema.js';

export class BlogRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: NewBlogRow): Promise<BlogRow> {
    await this.db.insertInto('blogs').values(row).execute();
    return (await this.findById(row.id))!;
  }

  findById(id: string): Promise<BlogRow | undefined> {
    return this.db.selectFrom('blogs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByName(name: string): Promise<BlogRow | undefined> {
    return this.db.selectFrom('blogs').selectAll().where('name', '=', name).executeTakeFirst();
  }

  findByDomain(domain: string): Promise<BlogRow | undefined> {
    return this.db.selectFrom('blogs').selectAll().where('custom_domain', '=', domain).executeTakeFirst();
  }

  /** The primary blog, or the oldest when none is marked: read through `blogs_primary`, not by sorting every blog of the install. */
  async findPrimary(): Promise<BlogRow | undefined> {
    const marked = await this.db
      .selectFrom('blogs')
      .selectAll()
      .where('is_primary', '=', 1)
      .orderBy('created_at', 'asc')
      .limit(1)
      .executeTakeFirst();
    return marked ?? this.db.selectFrom('blogs').selectAll().orderBy('created_at', 'asc').limit(1).executeTakeFirst();
  }

  list(): Promise<BlogRow[]> {
    return this.db.selectFrom('blogs').selectAll().orderBy('created_at', 'asc').execute();
  }

  async update(id: string, patch: BlogUpdate): Promise<void> {
    await this.db.updateTable('blogs').set(patch).where('id', '=', id).execute();
  }

  /**
   * Deletes a blog and, through the foreign keys' `on delete cascade`, everything it holds: posts, pages,
   * labels, comments, views and memberships. Returns whether a blog was deleted.
   */
  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('blogs').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Marks the blog's content as changed: `updated_at` moves forward, which pages use as a version. */
  async touch(id: string, now: number): Promise<void> {
    await this.db
      .updateTable('blogs')
      .set((eb) => ({
        updated_at: sql<number>`case when ${eb.ref('updated_at')} >= ${now} then ${eb.ref('updated_at')} + 1 else ${now} end`,
      }))
      .where('id', '=', id)
      .execute();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('blogs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
