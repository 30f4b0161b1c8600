/**
 * Contact-form messages: storing one, a blog's inbox and spam folder, marking read, moving between the
 * folders and deleting (each scoped to one blog), the flood check's most recent message from an address
 * or e-mail, and the mail job's "sent once" mark.
 */
import type { Kysely } from 'kysely';
import type { ContactFolder, ContactMessageRow, Database } from '../schema.js';

export interface NewContactMessage {
  id: string;
  blogId: string;
  name: string;
  email: string;
  bodyHtml: string;
  folder: ContactFolder;
  reasons: string;
  addressHash: string;
  emailHash: string;
  now: number;
}

export class ContactRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(m: NewContactMessage): Promise<ContactMessageRow> {
    return this.db
      .insertInto('contact_messages')
      .values({
        id: m.id,
        blog_id: m.blogId,
        name: m.name,
        email: m.email,
        body_html: m.bodyHtml,
        folder: m.folder,
        reasons: m.reasons,
        address_hash: m.addressHash,
        email_hash: m.emailHash,
        created_at: m.now,
        read_at: null,
        mailed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findById(blogId: string, id: string): Promise<ContactMessageRow | undefined> {
    return this.db.selectFrom('contact_messages').selectAll().where('blog_id', '=', blogId).where('id', '=', id).executeTakeFirst();
  }

  /** A page of one folder, newest first. */
  list(blogId: string, folder: ContactFolder, limit: number, offset: number): Promise<ContactMessageRow[]> {
    return this.db
      .selectFrom('contact_messages')
      .selectAll()
      .where('blog_id', '=', blogId)
      .where('folder', '=', folder)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  /** Messages in each folder, and unread ones in the inbox. */
  async counts(blogId: string): Promise<{ inbox: number; spam: number; unread: number }> {
    const rows = await this.db
      .selectFrom('contact_messages')
      .select(['folder', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('read_at').as('read')])
      .where('blog_id', '=', blogId)
      .groupBy('folder')
      .execute();
    const counts = { inbox: 0, spam: 0, unread: 0 };
    for (const r of rows) {
      counts[r.folder] = Number(r.n);
      if (r.folder === 'inbox') counts.unread = Number(r.n) - Number(r.read);
    }
    return counts;
  }

  /** Marks messages read (or unread again); returns how many of the blog's changed. */
  async setRead(blogId: string, ids: readonly string[], readAt: number | null): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db
      .updateTable('contact_messages')
      .set({ read_at: readAt })
      .where('blog_id', '=', blogId)
      .where('id', 'in', ids)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async move(blogId: string, ids: readonly string[], folder: ContactFolder): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db
      .updateTable('contact_messages')
      .set({ folder })
      .where('blog_id', '=', blogId)
      .where('id', 'in', ids)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async delete(blogId: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db.deleteFrom('contact_messages').where('blog_id', '=', blogId).where('id', 'in', ids).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** The time of the newest message after `since` from this address or this e-mail, on any blog. */
  async latestFrom(addressHash: string, emailHash: string, since: number): Promise<number | null> {
    const row = await this.db
      .selectFrom('contact_messages')
      .select((eb) => eb.fn.max<number>('created_at').as('latest'))
      .where('created_at', '>', since)
      .where((eb) => eb.or([eb('address_hash', '=', addressHash), eb('email_hash', '=', emailHash)]))
      .executeTakeFirst();
    return row?.latest == null ? null : Number(row.latest);
  }

  /** Marks the owners' mail sent; false when another worker marked it first. */
  async markMailed(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('contact_messages')
      .set({ mailed_at: now })
      .where('id', '=', id)
      .where('mailed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
