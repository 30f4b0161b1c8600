/**
 * The Blog list gadget's feeds: other sites' latest posts, fetched in the background through the job
 * queue and the URL-fetch guard, stored, and shown from the store (a page never waits on another site).
 * Each feed is fetched when the owner adds it and then once an hour, as long as the layout lists it.
 */
import { parseFeed } from 'htmlparser2';
import type { JobQueue } from '../jobs/job-queue.js';
import { fetchGuarded, FetchError, type OutboundPolicy } from '../net/url-fetch-guard.js';
import type { LayoutRepository } from '../../storage/repositories/layout.repository.js';

export const FEED_JOB = 'layout.blog-list-feed';
export const FEED_REFRESH_MS = 3600_000;
/** Items kept of each feed: the gadget shows at most five. */
const KEPT_ITEMS = 5;

export interface FeedItem {
  title: string;
  url: string;
  published: number | null;
}

const FEED_TYPES = ['application/atom+xml', 'application/rss+xml', 'application/xml', 'text/xml', 'application/rdf+xml'];

/** Keeps only web addresses: a feed is another site's text, and a `javascript:` link would run here. */
function webUrl(value: string | undefined, base: string): string {
  if (!value) return '';
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '';
  } catch {
    return '';
  }
}

const oneLine = (text: string | undefined, max: number) =>
  (text ?? '')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);

/** An Atom, RSS or RDF document read into the site's title, home and newest items; null when it is none. */
export function readFeed(xml: string, address: string): { siteTitle: string; siteUrl: string; items: FeedItem[] } | null {
  const feed = parseFeed(xml, { xmlMode: true });
  if (!feed) return null;
  const items = feed.items
    .map((item) => ({
      title: oneLine(item.title, 300),
      url: webUrl(item.link, address),
      published: item.pubDate && !Number.isNaN(item.pubDate.getTime()) ? item.pubDate.getTime() : null,
    }))
    .filter((item) => item.url !== '' && item.title !== '')
    .sort((a, b) => (b.published ?? 0) - (a.published ?? 0))
    .slice(0, KEPT_ITEMS);
  return { siteTitle: oneLine(feed.title, 200), siteUrl: webUrl(feed.link, address), items };
}

export class BlogListFeeds {
  constructor(
    private readonly deps: {
      rows: LayoutRepository;
      jobs: JobQueue;
      outbound: OutboundPolicy;
      contentChanged: (blogId: string) => Promise<void>;
      now: () => number;
    },
  ) {
    deps.jobs.handle(FEED_JOB, (p: { blogId: string; url: string }) => this.fetch(p.blogId, p.url));
  }

  /** Keeps the blog's feeds to `urls` and fetches the new ones now. */
  async follow(blogId: string, urls: readonly string[]): Promise<void> {
    const known = new Set((await this.deps.rows.feeds(blogId, urls)).map((f) => f.url));
    await this.deps.rows.keepFeeds(blogId, urls);
    for (const url of urls) if (!known.has(url)) await this.schedule(blogId, url, this.deps.now());
  }

  /** One fetch per feed and hour, however often it is asked for (the job's key). */
  private schedule(blogId: string, url: string, runAt: number): Promise<void> {
    const hour = Math.floor(runAt / FEED_REFRESH_MS);
    return this.deps.jobs.enqueue({
      kind: FEED_JOB,
      key: `${blogId} ${hour} ${url}`,
      payload: { blogId, url },
      runAt,
      blogId,
      maxAttempts: 3,
    });
  }

  /** The job: fetch, read, store, and come back in an hour while the feed is still listed. */
  async fetch(blogId: string, url: string): Promise<void> {
    const now = this.deps.now();
    let listed: boolean;
    try {
      const answer = await fetchGuarded(url, { timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024, accept: FEED_TYPES }, this.deps.outbound);
      if (answer.status < 200 || answer.status >= 300) throw new FetchError(`the site answered ${answer.status}`);
      const feed = readFeed(answer.body.toString('utf8'), answer.finalUrl);
      if (!feed) throw new FetchError('the address is not an Atom or RSS feed');
      listed = await this.deps.rows.recordFetch(blogId, url, { ...feed, items: JSON.stringify(feed.items) }, now);
    } catch (error) {
      if (!(error instanceof FetchError)) throw error;
      await this.deps.rows.recordFailure(blogId, url, error.message, now);
      listed = (await this.deps.rows.feeds(blogId, [url])).length > 0;
    }
    if (!listed) return;
    await this.deps.contentChanged(blogId);
    await this.schedule(blogId, url, now + FEED_REFRESH_MS);
  }
}
