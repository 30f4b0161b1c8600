/**
 * Fills the demo blogs (`dastan demo`): blogs, posts, pages and comments go through the services, so
 * the demo obeys the same rules as anything an author writes; page views go straight to the daily
 * counts. A blog that already exists is left alone unless `reset` deletes and recreates it.
 */
import type { Services } from '../services.js';
import type { DailyCount } from '../storage/repositories/view.repository.js';
import type { BlogRow, PostRow } from '../storage/schema.js';
import { DEMO_BLOGS } from './demo-content.js';
import type { DemoBlog, DemoComment } from './demo-types.js';
import { dailyViews, demoAudience } from './demo-views.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface FillDemoOptions {
  /** The time the demo is written at; publish dates and views are counted back from it. */
  now?: number;
  /** Delete the demo blogs (and all they hold) first, then write them afresh. */
  reset?: boolean;
  /** Called after each step with how many of how many are done. */
  onProgress?: (done: number, total: number) => void;
}

export interface FilledBlog {
  blog: BlogRow;
  /** `created` by this run, or `existing` and left as it was. */
  status: 'created' | 'existing';
  /** What this run wrote (zero for an existing blog). */
  written: { posts: number; pages: number; comments: number; views: number };
}

function countComments(comments: readonly DemoComment[] = []): number {
  return comments.reduce((n, c) => n + 1 + countComments(c.replies), 0);
}

/** The number of progress steps writing `blog` takes: each post, page and comment, and the views. */
function stepsFor(blog: DemoBlog): number {
  return blog.posts.length + blog.pages.length + blog.posts.reduce((n, p) => n + countComments(p.comments), 0) + 1;
}

/** Writes the demo blogs that are missing (all of them with `reset`); returns each blog and what was written. */
export async function fillDemo(services: Services, options: FillDemoOptions = {}): Promise<FilledBlog[]> {
  const now = options.now ?? Date.now();
  const found = await Promise.all(DEMO_BLOGS.map((demo) => services.repositories.blogs.findByName(demo.name)));
  const wasPrimary = new Set<string>();
  if (options.reset) {
    for (const blog of found) {
      if (!blog) continue;
      if (blog.is_primary) wasPrimary.add(blog.name);
      await services.repositories.blogs.delete(blog.id);
    }
    services.blogs.forgetHosts();
  }
  const toWrite = DEMO_BLOGS.filter((_, i) => options.reset || !found[i]);
  const total = toWrite.reduce((n, demo) => n + stepsFor(demo), 0);
  let done = 0;
  const step = () => options.onProgress?.(++done, total);
  options.onProgress?.(0, total);

  const results: FilledBlog[] = [];
  for (const [i, demo] of DEMO_BLOGS.entries()) {
    const existing = found[i];
    if (existing && !options.reset) {
      results.push({ blog: existing, status: 'existing', written: { posts: 0, pages: 0, comments: 0, views: 0 } });
      continue;
    }
    results.push(await writeBlog(services, demo, now, wasPrimary.has(demo.name), step));
  }
  return results;
}

async function writeBlog(services: Services, demo: DemoBlog, now: number, primary: boolean, step: () => void): Promise<FilledBlog> {
  const blog = await services.blogs.createBlog({
    name: demo.name,
    title: demo.title,
    description: demo.description,
    language: demo.language,
    timeZone: demo.timeZone,
    // Undefined lets the first blog of an empty install become the primary one.
    primary: primary || undefined,
  });
  const written = { posts: 0, pages: 0, comments: 0, views: 0 };
  const views: DailyCount[] = [];

  for (const [index, page] of demo.pages.entries()) {
    await services.posts.createPost({
      blogId: blog.id,
      kind: 'page',
      title: page.title,
      slug: page.slug,
      body: page.body,
      format: 'markdown',
      authorName: demo.author,
      publishedAt: now - (300 + index) * DAY_MS,
    });
    written.pages++;
    step();
  }

  for (const [index, item] of demo.posts.entries()) {
    // A different hour of the day for each post, so the dates read like real ones.
    const publishedAt = now - item.daysAgo * DAY_MS - ((index * 5) % 11) * HOUR_MS - ((index * 17) % 60) * 60_000;
    const post = await services.posts.createPost({
      blogId: blog.id,
      title: item.title,
      body: item.body,
      format: 'markdown',
      labels: item.labels,
      authorName: item.author ?? demo.author,
      publishedAt,
    });
    written.posts++;
    step();
    written.comments += await writeComments(services, blog.id, post.id, item.comments ?? [], null, publishedAt, now, step);
    if (item.views) {
      for (const d of dailyViews(item.views, publishedAt, now, `${demo.name}/${item.title}`, blog.time_zone)) {
        views.push({ blogId: blog.id, postId: post.id, day: d.day, views: d.views });
      }
    }
  }

  await services.repositories.views.addCounts(views);
  await services.repositories.views.applyBatch(demoAudience(blog.id, views, now, blog.time_zone), null, now);
  written.views = views.reduce((n, v) => n + v.views, 0);
  step();
  return { blog: (await services.repositories.blogs.findById(blog.id))!, status: 'created', written };
}

/** Writes comments and, depth first, their replies; a reply is never dated after `now`. */
async function writeComments(
  services: Services,
  blogId: string,
  postId: string,
  comments: readonly DemoComment[],
  parentId: string | null,
  after: number,
  now: number,
  step: () => void,
): Promise<number> {
  let count = 0;
  for (const c of comments) {
    const createdAt = Math.min(after + c.hoursAfter * HOUR_MS, now - 60_000);
    const row = await services.comments.addComment({
      blogId,
      postId,
      parentId,
      authorName: c.author,
      authorUrl: c.authorUrl,
      body: c.body,
      createdAt,
    });
    count++;
    step();
    count += await writeComments(services, blogId, postId, c.replies ?? [], row.id, createdAt, now, step);
  }
  return count;
}

/** The blog's live post with the most comments (the newest among equals): the one worth opening first. */
export async function showcasePost(services: Services, blog: BlogRow): Promise<PostRow | undefined> {
  const posts = await services.repositories.posts.newestLive(blog.id, 50);
  const counts = await services.repositories.comments.countLive(
    blog.id,
    posts.map((p) => p.id),
  );
  let best: PostRow | undefined;
  for (const post of posts) if (!best || (counts.get(post.id) ?? 0) > (counts.get(best.id) ?? 0)) best = post;
  return best;
}
