/**
 * Private blogs and their readers: who may read a private blog (its readers and members, nothing for
 * anyone else), the install's cap on a blog's readers (PRIVATE_BLOG_READERS_MAX), and each reader's
 * secret feed address. A feed key is derived from the install's secret, the blog, the user and the
 * key's creation time, so it can be shown again without being stored; only its hash is kept, and
 * making a new one (a new creation time) stops the old one.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ReaderRepository } from '../../storage/repositories/reader.repository.js';
import type { UserRepository } from '../../storage/repositories/user.repository.js';
import type { BlogRow, Database } from '../../storage/schema.js';
import { hashToken, isTokenShaped } from '../accounts/tokens.js';
import { ConflictError } from '../errors.js';
import { canReadPrivate } from '../policies/actor.js';

export const DEFAULT_READERS_MAX = 100;

/** What the reader service reads of the configuration. */
export interface ReaderSettings {
  privateBlogReadersMax?: number;
  secretKey?: string;
}

export interface ReaderOptions {
  /** PRIVATE_BLOG_READERS_MAX: readers (and open invitations to be one) a blog may have. */
  readersMax: number;
  /** The install's secret (SECRET_KEY): feed keys are derived from it. */
  secret: string;
  now: () => number;
}

export class ReaderService {
  constructor(
    private readonly readers: ReaderRepository,
    private readonly users: UserRepository,
    private readonly options: ReaderOptions,
  ) {}

  /** True when `userId` may read the blog: anyone a public blog, only readers and members a private one. */
  async mayRead(blog: BlogRow, userId: string | null): Promise<boolean> {
    if (blog.visibility !== 'private') return true;
    if (userId === null) return false;
    const membership = await this.users.findMembership(blog.id, userId);
    return canReadPrivate({ userId, role: membership?.role ?? null });
  }

  /** True when `key` is the current feed key of one of the private blog's readers or members. */
  async feedKeyOpens(blog: BlogRow, key: string): Promise<boolean> {
    return isTokenShaped(key) && (await this.readers.holderOf(blog.id, hashToken(key))) !== undefined;
  }

  /** Throws when one more reader would pass the cap. */
  async checkRoomForReader(blogId: string): Promise<void> {
    const count = await this.readers.countReaders(blogId, this.options.now());
    if (count >= this.options.readersMax) {
      throw new ConflictError(
        `This blog has ${count} readers and invitations, the most this server allows (PRIVATE_BLOG_READERS_MAX is ${this.options.readersMax}). Remove a reader or withdraw an invitation first.`,
      );
    }
  }

  /** The private blogs the user reads or writes for, each with the user's feed key (made on first ask). */
  async privateBlogsOf(userId: string): Promise<{ blog: BlogRow; feedKey: string }[]> {
    const blogs = await this.readers.privateBlogsOf(userId);
    return Promise.all(blogs.map(async (blog) => ({ blog, feedKey: await this.feedKey(blog.id, userId) })));
  }

  /** A new feed key for the user on the blog; the old one stops working at once. */
  async renewFeedKey(blogId: string, userId: string): Promise<void> {
    const old = await this.readers.findKey(blogId, userId);
    await this.issue(blogId, userId, Math.max(this.options.now(), (old?.created_at ?? 0) + 1));
  }

  private async feedKey(blogId: string, userId: string): Promise<string> {
    const row = await this.readers.findKey(blogId, userId);
    return row ? this.derive(blogId, userId, Number(row.created_at)) : this.issue(blogId, userId, this.options.now());
  }

  private async issue(blogId: string, userId: string, createdAt: number): Promise<string> {
    const key = this.derive(blogId, userId, createdAt);
    await this.readers.putKey({ blog_id: blogId, user_id: userId, key_hash: hashToken(key), created_at: createdAt });
    return key;
  }

  private derive(blogId: string, userId: string, createdAt: number): string {
    return createHmac('sha256', this.options.secret).update(`feed-key:${blogId}:${userId}:${createdAt}`).digest('base64url');
  }
}

/** Wires the reader service over the database (called once by the composition root). */
export function createReaderService(db: Kysely<Database>, users: UserRepository, config: ReaderSettings, now: () => number): ReaderService {
  return new ReaderService(new ReaderRepository(db), users, readerOptions(config, now));
}

/** The reader options from the configuration (tests without SECRET_KEY get a random secret). */
export function readerOptions(config: ReaderSettings, now: () => number): ReaderOptions {
  return {
    readersMax: config.privateBlogReadersMax ?? DEFAULT_READERS_MAX,
    secret: config.secretKey ?? randomBytes(32).toString('hex'),
    now,
  };
}
