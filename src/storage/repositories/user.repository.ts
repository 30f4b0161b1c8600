/** Users and their memberships of blogs. */
import type { Kysely } from 'kysely';
import type { Database, MembershipRow, Role, UserRow } from '../schema.js';

export interface NewUser {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
  now: number;
}

export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(user: NewUser): Promise<UserRow> {
    await this.db
      .insertInto('users')
      .values({
        id: user.id,
        email: user.email,
        display_name: user.displayName,
        password_hash: user.passwordHash,
        created_at: user.now,
        updated_at: user.now,
      })
      .execute();
    return (await this.findById(user.id))!;
  }

  findById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  }

  async addMembership(blogId: string, userId: string, role: Role, now: number): Promise<void> {
    await this.db
      .insertInto('memberships')
      .values({ blog_id: blogId, user_id: userId, role, created_at: now })
      .onConflict((oc) => oc.columns(['blog_id', 'user_id']).doUpdateSet({ role }))
      .execute();
  }

  membershipsOfBlog(blogId: string): Promise<MembershipRow[]> {
    return this.db.selectFrom('memberships').selectAll().where('blog_id', '=', blogId).execute();
  }

  findMembership(blogId: string, userId: string): Promise<MembershipRow | undefined> {
    return this.db.selectFrom('memberships').selectAll().where('blog_id', '=', blogId).where('user_id', '=', userId).executeTakeFirst();
  }
}
