/**
 * Recognising a repeat view without knowing the reader: a hash of the address, the user agent and the
 * post under a random salt of the day. The salt is made fresh each UTC day, held only in memory (or in
 * Redis, shared by the app processes, expiring after two days) and never written to the database, so
 * after the day ends no one — not even the server — can tell whose views they were.
 */
import crypto, { createHash, randomBytes } from 'node:crypto';

/** Where the day's salt lives: this process, or a store every process shares. */
export interface SaltSource {
  /** The salt of `day` (`YYYY-MM-DD`), made on first use: at once, or as a promise when shared. */
  saltFor(day: string): string | Promise<string>;
}

/** A salt per day in this process's memory; yesterday's is forgotten when today's is made. */
export class MemorySalt implements SaltSource {
  private current: { day: string; salt: string } | undefined;

  saltFor(day: string): string {
    if (this.current?.day !== day) this.current = { day, salt: randomBytes(32).toString('base64') };
    return this.current.salt;
  }
}

/**
 * The reader's key for one post on one day: 16 bytes of SHA-256, base64url. The address and user agent
 * go into the hash and nowhere else.
 */
export function readerKey(salt: string, address: string, userAgent: string, postId: string): string {
  return sha256(`${salt}\u0000${address}\u0000${userAgent}\u0000${postId}`).slice(0, 22);
}

/**
 * SHA-256 in base64url: Node's one-shot `crypto.hash` (Node 20.12 and later) where it exists — half the
 * time of a Hash object, which every page view made (cache hits included) — else `createHash`.
 */
const sha256: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'base64url')
    : (text) => createHash('sha256').update(text).digest('base64url');
