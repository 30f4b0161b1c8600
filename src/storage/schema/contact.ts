/** Tables of the contact form's messages and of a blog's uploads (the media library); see migrations/20261204T1300-contact-redirects-media.ts. */
import type { Generated, Insertable, Selectable } from 'kysely';

export type ContactFolder = 'inbox' | 'spam';

/** A message a reader sent a blog's owners through its contact form. */
export interface ContactMessagesTable {
  id: string;
  blog_id: string;
  name: string;
  /** Shown to the blog's owners and admins (inbox, mail), never on the blog. */
  email: string;
  body_html: string;
  folder: ContactFolder;
  reasons: Generated<string>;
  address_hash: string;
  email_hash: string;
  created_at: number;
  read_at: number | null;
  mailed_at: number | null;
}

export type ContactMessageRow = Selectable<ContactMessagesTable>;

/** One upload of a blog (its folder under DATA_DIR/uploads), for the media library. */
export interface MediaTable {
  id: string;
  blog_id: string;
  /** The largest JPEG/PNG copy: `/uploads/BLOG/ID/WIDTH.jpg`. */
  src: string;
  width: number;
  height: number;
  /** Every copy on disk together. */
  bytes: number;
  file_name: Generated<string>;
  alt: Generated<string>;
  /** The member who uploaded it; null for uploads recorded before that was kept, and imported pictures. */
  uploaded_by: string | null;
  created_at: number;
}

export type MediaRow = Selectable<MediaTable>;
export type NewMediaRow = Insertable<MediaTable>;
