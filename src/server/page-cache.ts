/**
 * A small in-process cache of rendered public pages. Entries are keyed by the blog's content version
 * (its `updated_at`), so any change to the blog makes new keys and old pages are never served again;
 * they also expire after a few seconds so popular-post counts move on.
 */
import { createHash } from 'node:crypto';
import { utf8Bytes } from './utf8.js';

export interface CachedPage {
  /**
   * The page as UTF-8 bytes, encoded once. Sent as a string, the page was encoded again on every
   * response, with a scratch buffer of three bytes per character: most of a cached response's time.
   */
  body: Buffer;
  etag: string;
  /** When it was rendered, in whole seconds (HTTP dates have no finer unit). */
  renderedAt: number;
  /** `renderedAt` as an HTTP date, for Last-Modified. */
  lastModified: string;
  expires: number;
  /** The post or page shown, so a view is still counted when the page comes from the cache. */
  postId: string | null;
  status: number;
}

export function etagOf(body: string | Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

export class PageCache {
  private entries = new Map<string, CachedPage>();

  constructor(
    private readonly seconds: number,
    private readonly maxEntries = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.seconds > 0;
  }

  get(key: string): CachedPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Makes a page entry (also used uncached, for its ETag) and stores it when caching is on. */
  put(key: string, html: string, postId: string | null, status = 200): CachedPage {
    const entry = this.entry(html, postId, status);
    if (this.enabled && status === 200) {
      if (this.entries.size >= this.maxEntries) {
        // Drop the oldest insertion: Map keeps insertion order.
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** A page entry that is not stored: a page made for one reader. */
  entry(html: string, postId: string | null, status = 200): CachedPage {
    const now = this.now();
    const body = utf8Bytes(html);
    const renderedAt = Math.floor(now / 1000) * 1000;
    const entry: CachedPage = {
      body,
      etag: etagOf(body),
      renderedAt,
      lastModified: new Date(renderedAt).toUTCString(),
      expires: now + this.seconds * 1000,
      postId,
      status,
    };
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}
