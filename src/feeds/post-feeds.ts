/**
 * Feeds of a blog's posts: all of them or those carrying every one of some labels, newest first, one
 * page at a time. Only live posts of the requesting blog; every query takes its ID.
 */
import { snippet } from '../domain/text/plain-text.js';
import type { SiteContext } from '../render/presenters/site.js';
import { labelPath, postPath } from '../domain/blogs/urls.js';
import type { LabelRepository } from '../storage/repositories/label.repository.js';
import type { PostRepository } from '../storage/repositories/post.repository.js';
import type { PostRow } from '../storage/schema.js';
import { tagUri, type FeedDocument, type FeedEntry } from './feed-document.js';
import { feedPageUrl, type FeedFormat, type FeedPaging, type Projection } from './feed-query.js';

/** Characters of body text in an entry's summary. */
export const SUMMARY_LENGTH = 300;

export interface PostFeedRequest {
  /** Only posts with all of these labels. */
  labelNames?: string[];
  paging: FeedPaging;
  projection: Projection;
  format: FeedFormat;
  /** Where the feed is served, without the query: for its self and next links. */
  path: string;
}

export class PostFeeds {
  constructor(
    private readonly posts: PostRepository,
    private readonly labels: LabelRepository,
  ) {}

  async build(site: SiteContext, request: PostFeedRequest): Promise<FeedDocument> {
    const { blog, origin } = site;
    const { limit, offset } = request.paging;
    // One more than asked says whether a next page exists.
    const rows = await this.newest(blog.id, request.labelNames, limit + 1, offset);
    const posts = rows.slice(0, limit);
    const labels = await this.posts.labelsOf(posts.map((p) => p.id));
    const names = request.labelNames;
    return {
      id: tagUri(origin, blog.id, names ? `label-${names.map(encodeURIComponent).join('/')}` : undefined),
      title: names ? `${blog.title}: ${names.join(', ')}` : blog.title,
      description: blog.description,
      language: blog.language,
      homeUrl: `${origin}${names ? labelPath(names) : '/'}`,
      selfUrl: feedPageUrl(origin, request.path, request.paging, request.format),
      nextUrl: rows.length > limit ? feedPageUrl(origin, request.path, { limit, offset: offset + limit }, request.format) : undefined,
      updated: blog.updated_at,
      entries: posts.map((post) => this.entry(site, post, labels.get(post.id) ?? [], request.projection)),
    };
  }

  /** The newest live posts; none when a label does not exist (an empty feed, not an error: it may come). */
  private async newest(blogId: string, labelNames: string[] | undefined, limit: number, offset: number): Promise<PostRow[]> {
    if (!labelNames) return this.posts.newestLive(blogId, limit, offset);
    const found = await this.labels.findByNames(blogId, labelNames);
    if (found.length !== labelNames.length) return [];
    return this.posts.newestLiveWithLabels(
      blogId,
      found.map((l) => l.id),
      limit,
      offset,
    );
  }

  private entry({ blog, origin }: SiteContext, post: PostRow, labels: string[], projection: Projection): FeedEntry {
    return {
      id: tagUri(origin, blog.id, `post-${post.id}`),
      title: post.title,
      url: `${origin}${postPath(post)}`,
      published: post.published_at ?? post.created_at,
      updated: post.updated_at,
      author: { name: post.author_name || blog.title },
      categories: labels,
      contentHtml: projection === 'default' ? post.body_html : undefined,
      summary: snippet(post.body_text, SUMMARY_LENGTH),
    };
  }
}
