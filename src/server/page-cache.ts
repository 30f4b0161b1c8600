/**
 * A small in-process cache of rendered public pages. Entries are keyed by the blog's content version
 * (its `updated_at`), so any change to the blog makes new keys and old pages are never served again;
 * they also expire after a few seconds so popular-post counts move on.
 *
 * It is bounded by bytes (default 32 MiB), not by a count of entries: a count let 1,000 copies of one
 * large post (each under another `?utm=N`) hold a gigabyte. The key keeps only the query parameters a
 * page reads (PAGE_PARAMETERS), so such copies are one page; and expired pages are dropped as new ones
 * come, oldest first (every entry lives equally long, so insertion order is expiry order).
 */
import type { PageParts } from '../render/page-parts.js';
import { encodePage, weakEtag } from './page-bytes.js';
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
  /**
   * The whole answer's headers, as the first GET that sent the shared page sent them, as the flat
   * `[name, value, name, value…]` list `writeHead` takes (cache-hits.ts).
   */
  rawHeaders?: string[];
  /** The scheme and Host header that answer was for (a header may name the host asked for). */
  headersFor?: string;
}

export function etagOf(body: string | Buffer): string {
  return weakEtag(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
}

/** The query parameters public pages read (reader.routes.ts): every other one is left out of the key. */
export const PAGE_PARAMETERS = ['q', 'page', 'reply', 'updated-max', 'before-id', 'updated-min', 'after-id'] as const;

/** The part of a request URL that decides the page: its path and the parameters pages read, in one order. */
export function pageCacheKey(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const query = new URLSearchParams(url.slice(mark + 1));
  const kept = PAGE_PARAMETERS.flatMap((name) => query.getAll(name).map((value) => [name, value]));
  return kept.length === 0 ? url.slice(0, mark) : `${url.slice(0, mark)}?${new URLSearchParams(kept).toString()}`;
}

function stringPage(html: string): { body: Buffer; etag: string } {
  const body = utf8Bytes(html);
  return { body, etag: weakEtag(body) };
}

export const PAGE_CACHE_BYTES = 32 * 1024 * 1024;

export class PageCache {
  private entries = new Map<string, CachedPage>();
  private kept = 0;

  constructor(
    private readonly seconds: number,
    private readonly maxBytes = PAGE_CACHE_BYTES,
    readonly now: () => number = Date.now,
  ) {}

  /** Bytes of page bodies held now. */
  get bytes(): number {
    return this.kept;
  }

  get size(): number {
    return this.entries.size;
  }

  get enabled(): boolean {
    return this.seconds > 0;
  }

  get(key: string): CachedPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.drop(key, entry);
      return undefined;
    }
    return entry;
  }

  /** Makes a page entry (also used uncached, for its ETag) and stores it when caching is on. */
  put(key: string, html: string | PageParts, postId: string | null, status = 200): CachedPage {
    const entry = this.entry(html, postId, status);
    const size = entry.body.length + key.length;
    if (this.enabled && status === 200 && size <= this.maxBytes / 4) {
      const previous = this.entries.get(key);
      if (previous) this.drop(key, previous);
      const now = this.now();
      // Oldest first (Map keeps insertion order): the expired, then as many more as the new page needs.
      for (const [oldKey, old] of this.entries) {
        if (old.expires > now && this.kept + size <= this.maxBytes) break;
        this.drop(oldKey, old);
      }
      this.entries.set(key, entry);
      this.kept += size;
    }
    return entry;
  }

  private drop(key: string, entry: CachedPage): void {
    this.entries.delete(key);
    this.kept -= entry.body.length + key.length;
  }

  /** A page entry that is not stored: a page made for one reader. */
  entry(html: string | PageParts, postId: string | null, status = 200): CachedPage {
    const now = this.now();
    const { body, etag } = typeof html === 'string' ? stringPage(html) : encodePage(html);
    const renderedAt = Math.floor(now / 1000) * 1000;
    const entry: CachedPage = {
      body,
      etag,
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
    this.kept = 0;
  }
}
