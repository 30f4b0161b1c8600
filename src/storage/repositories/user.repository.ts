/** Users and their memberships of blogs. */
import type { Kysely } from 'kysely';
import type { BlogRow, Database, MembershipRow, Role, UserRow } from '../schema.js';

export interface NewUser {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
  now: number;
}

export interface MemberView extends MembershipRow {
  email: string;
  display_name: string;
  /** The member's dashboard language ('' for English): what mail to them is written in. */
  language: string;
}

export interface BlogOfUser {
  blog: BlogRow;
  role: Role;
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

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async updatePassword(userId: string, passwordHash: string, now: number): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', userId).execute();
  }

  async updateDisplayName(userId: string, displayName: string, now: number): Promise<void> {
    await this.db.updateTable('users').set({ display_name: displayName, updated_at: now }).where('id', '=', userId).execute();
  }

  /** The user's dashboard language ('' for English). */
  async setLanguage(userId: string, language: string, now: number): Promise<void> {
    await this.db.updateTable('users').set({ language, updated_at: now }).where('id', '=', userId).execute();
  }

  /** Moves the user's rights version forward: their sessions are rotated on their next request. */
  async bumpRights(userId: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set((eb) => ({ rights_version: eb('rights_version', '+', 1) }))
      .where('id', '=', userId)
      .execute();
  }

  async removeMembership(blogId: string, userId: string): Promise<void> {
    await this.db.deleteFrom('memberships').where('blog_id', '=', blogId).where('user_id', '=', userId).execute();
  }

  /** The blog's members with their e-mail and name, owners first. */
  async membersOfBlog(blogId: string): Promise<MemberView[]> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .selectAll('m')
      .select(['u.email as email', 'u.display_name as display_name', 'u.language as language'])
      .where('m.blog_id', '=', blogId)
      .orderBy('m.created_at')
      .execute();
    const order = ['owner', 'admin', 'author', 'contributor', 'reader'];
    return rows.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  }

  /** The blogs a user belongs to, with the user's role on each, oldest first. */
  async blogsOfUser(userId: string): Promise<BlogOfUser[]> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('blogs as b', 'b.id', 'm.blog_id')
      .selectAll('b')
      .select('m.role as member_role')
      .where('m.user_id', '=', userId)
      .orderBy('b.created_at')
      .execute();
    return rows.map(({ member_role, ...blog }) => ({ blog, role: member_role }));
  }
}
