/**
 * The scale bench's data: one big blog (posts with labels, about ten comments a post in threads, pages,
 * a year of daily views) and any number of small blogs, written straight into the tables in multi-row
 * inserts, a chunk of posts per transaction. Services would take hours at 1,000,000 posts; this writes
 * the rows the services would (same columns, live statuses, the search index through the database's own
 * trigger or generated column) and holds one chunk in memory at a time. Seeded: every run writes the same.
 */
import { sql, type Kysely } from 'kysely';
import type { Storage } from '../../src/storage/database.js';
import type { Database, NewPostRow, NewRedirectRow } from '../../src/storage/schema.js';
import { newId } from '../../src/storage/ids.js';
import { seededRandom } from '../../src/demo/demo-views.js';
import { utcDay } from '../../src/domain/text/time.js';
import { SENTENCES } from '../bench-blog.js';
import { SITEMAP_URL_LIMIT } from '../../src/feeds/sitemap.js';

const DAY_MS = 86_400_000;
/** Posts written per transaction; each insert statement carries at most ROWS_PER_INSERT rows. */
const CHUNK_POSTS = 2_000;
const ROWS_PER_INSERT = 400;
const LABELS = Array.from({ length: 40 }, (_, i) => `topic-${i + 1}`);
const READERS = ['Amira', 'Jonas', 'Priya', 'Mateo', 'Hana', 'Tom', 'Leila', 'Sven', 'Chidi', 'Marta'];
/** In every post; and in one post in 50,000 (and the newest): what the bench searches for. */
export const COMMON_WORD = 'river';
export const RARE_WORD = 'zanzibar';
/** In two posts of every five: too common to fetch every post holding it, too rare to fill a search's 1,001 from the newest 1,001 posts. */
export const MIDDLE_WORD = 'lighthouse';

export interface ScaleOptions {
  posts: number;
  /** Small blogs beside the big one, three posts each. */
  smallBlogs: number;
  commentsPerPost?: number;
  /** Posts viewed on each of the 365 days. */
  viewedPerDay?: number;
  now?: number;
}

export interface ScaleBlog {
  blogId: string;
  name: string;
  /** Paths of one post (the newest, with comments), one page, two labels, a month and a year. */
  postPath: string;
  postId: string;
  pagePath: string;
  labels: [string, string];
  month: string;
  year: string;
  /** The number of the sitemap's last page (its deepest: it skips the most posts). */
  lastSitemapPage: number;
  smallBlogNames: string[];
}

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

async function insertRows<T extends keyof Database>(db: Kysely<Database>, table: T, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    // The rows are built for `table` by each caller.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + ROWS_PER_INSERT) as any)
      .execute();
  }
}

/** Made-up words a post also names (places, people, things), so that the blog's vocabulary has a real one's long tail. */
const TAIL_WORDS = 60_000;
const SYLLABLES = ['ka', 'lo', 'mi', 'su', 're', 'na', 'to', 'vi', 'pe', 'du', 'ha', 'jo', 'ne', 'ri', 'sa', 'bu', 'ge', 'fi', 'wo', 'ta'];

function tailWord(rank: number): string {
  let word = '';
  for (let n = rank + SYLLABLES.length ** 3, left = 4; left > 0; left--, n = Math.floor(n / SYLLABLES.length))
    word = SYLLABLES[n % SYLLABLES.length]! + word;
  return word;
}

/**
 * Three words of the tail, as words fall in real text (Zipf's law: the word of rank r about 1/r as often
 * as the first): a few in many posts, most in a handful. Without a tail every word of the blog is common,
 * and PostgreSQL's statistics of the words (the 1,000 most common and their shares) would say nothing of a rare one.
 */
function tailWords(random: Random): string {
  return Array.from({ length: 3 }, () => tailWord(Math.floor((TAIL_WORDS + 1) ** random()) - 1)).join(', ');
}

function postRow(blogId: string, index: number, publishedAt: number, random: Random, rare: boolean): NewPostRow {
  const date = new Date(publishedAt);
  const sentences = Array.from({ length: 6 }, () => pick(random, SENTENCES));
  sentences.push(`On the way: ${tailWords(random)}${index % 5 < 2 ? ` and the ${MIDDLE_WORD}` : ''}.`);
  const text = `${sentences.join(' ')} By the ${COMMON_WORD}.${rare ? ` A note from ${RARE_WORD}.` : ''}`;
  return {
    id: newId(publishedAt),
    blog_id: blogId,
    kind: 'post',
    status: 'live',
    title: `Notes ${index + 1}: ${pick(random, ['the night train', 'slow bread', 'old maps', 'the coast road', 'winter gardens'])}`,
    slug: `notes-${index + 1}`,
    path_year: date.getUTCFullYear(),
    path_month: date.getUTCMonth() + 1,
    body_html: `<p>${sentences.slice(0, 3).join(' ')}</p>\n<p>${sentences.slice(3).join(' ')} By the ${COMMON_WORD}.${rare ? ` A note from ${RARE_WORD}.` : ''}</p>`,
    body_text: text,
    search_description: '',
    comments_setting: 'allow',
    author_id: null,
    author_name: 'Rosa Lindqvist',
    published_at: publishedAt,
    created_at: publishedAt,
    updated_at: publishedAt,
    trashed_at: null,
    source_id: null,
  };
}

/** Rows waiting for their transaction: one chunk of posts with their labels and comments. */
interface Batch {
  blogs: Database['blogs'][];
  labels: Database['labels'][];
  posts: NewPostRow[];
  postLabels: { post_id: string; label_id: string }[];
  comments: Database['comments'][];
  redirects: NewRedirectRow[];
}

function emptyBatch(): Batch {
  return { blogs: [], labels: [], posts: [], postLabels: [], comments: [], redirects: [] };
}

async function writeBatch(storage: Storage, batch: Batch): Promise<void> {
  await storage.db.transaction().execute(async (trx) => {
    await insertRows(trx, 'blogs', batch.blogs);
    await insertRows(trx, 'labels', batch.labels);
    await insertRows(trx, 'posts', batch.posts);
    await insertRows(trx, 'post_labels', batch.postLabels);
    await insertRows(trx, 'comments', batch.comments);
    await insertRows(trx, 'redirects', batch.redirects);
  });
}

interface PostPlan {
  blogId: string;
  count: number;
  labelIds: string[];
  commentsPerPost: number;
  now: number;
  random: Random;
}

/** Adds post `i` of `plan` (oldest first, the newest yesterday) with its labels and comments to `batch`. */
function addPost(batch: Batch, plan: PostPlan, i: number): NewPostRow {
  const { blogId, count, labelIds, now, random, commentsPerPost } = plan;
  // Ten years of posts for a big blog, a month for a small one; at least a minute apart.
  const span = Math.min(10 * 365 * DAY_MS, Math.max(count * 60_000, 30 * DAY_MS));
  const publishedAt = Math.round(now - DAY_MS - ((count - 1 - i) * span) / count);
  const isNewest = i === count - 1;
  const post = postRow(blogId, i, publishedAt, random, i % 50_000 === 7 || isNewest);
  batch.posts.push(post);
  // One post in twenty came from an earlier home and keeps its old address (as an import leaves it).
  if (i % 20 === 0)
    batch.redirects.push({ blog_id: blogId, from_path: `/?p=${i + 1}`, post_id: post.id, target_path: null, created_at: now });
  const chosen = new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, labelIds)));
  // The first two labels are on every third post together, so "A+B" has a steady share of the blog.
  if (i % 3 === 0) chosen.add(labelIds[0]!).add(labelIds[1]!);
  for (const label_id of chosen) batch.postLabels.push({ post_id: post.id, label_id });
  const n = isNewest ? 2 * commentsPerPost : Math.floor(random() * (2 * commentsPerPost + 1));
  let parent: string | null = null;
  for (let c = 0; c < n; c++) {
    const at = publishedAt + (c + 1) * 60_000;
    const id = newId(at);
    batch.comments.push({
      id,
      blog_id: blogId,
      post_id: post.id,
      parent_id: c > 0 && random() < 0.4 ? parent : null,
      status: 'live',
      author_name: pick(random, READERS),
      author_url: '',
      author_email: '',
      author_user_id: null,
      body_html: `<p>${pick(random, SENTENCES)}</p>`,
      created_at: at,
      updated_at: at,
      source_id: null,
    } as Database['comments']);
    parent = id;
  }
  return post;
}

/** Writes the plan's posts a chunk per transaction; returns the newest. */
async function writePosts(storage: Storage, plan: PostPlan, onProgress?: (done: number) => void): Promise<NewPostRow> {
  let newest: NewPostRow | undefined;
  for (let start = 0; start < plan.count; start += CHUNK_POSTS) {
    const end = Math.min(plan.count, start + CHUNK_POSTS);
    const batch = emptyBatch();
    for (let i = start; i < end; i++) newest = addPost(batch, plan, i);
    await writeBatch(storage, batch);
    onProgress?.(end);
  }
  return newest!;
}

function blogRow(name: string, primary: boolean, now: number): Database['blogs'] {
  const row = { id: newId(now), name, title: `Blog ${name}`, description: '', language: 'en', time_zone: 'UTC' };
  return { ...row, custom_domain: null, is_primary: primary ? 1 : 0, created_at: now, updated_at: now } as Database['blogs'];
}

/** Small blogs of three posts each (one label, a few comments), 500 blogs a transaction. */
async function writeSmallBlogs(storage: Storage, count: number, now: number, random: Random): Promise<string[]> {
  const names: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const batch = emptyBatch();
    for (let b = start; b < Math.min(count, start + 500); b++) {
      const blog = blogRow(`small-${b + 1}`, false, now - 60 * DAY_MS);
      const label = { id: newId(now), blog_id: blog.id, name: 'notes' };
      batch.blogs.push(blog);
      batch.labels.push(label);
      names.push(blog.name);
      const plan = { blogId: blog.id, count: 3, labelIds: [label.id, label.id], commentsPerPost: 2, now, random };
      for (let i = 0; i < plan.count; i++) addPost(batch, plan, i);
    }
    await writeBatch(storage, batch);
  }
  return names;
}

/** A year of daily views: each day `perDay` posts, mostly recent ones, are read. Then the totals popular posts read. */
async function writeViews(
  storage: Storage,
  blogId: string,
  postIds: readonly string[],
  perDay: number,
  now: number,
  random: Random,
): Promise<void> {
  for (let d = 0; d < 365; d += 30) {
    const rows = new Map<string, { blog_id: string; post_id: string; day: string; views: number }>();
    for (let day = d; day < Math.min(365, d + 30); day++) {
      const dayText = utcDay(now - day * DAY_MS);
      for (let v = 0; v < perDay; v++) {
        // Zipf-like: the newest posts most, any post now and then.
        const index =
          random() < 0.7
            ? postIds.length - 1 - Math.floor(random() * Math.min(200, postIds.length))
            : Math.floor(random() * postIds.length);
        const postId = postIds[index]!;
        const key = `${postId}/${dayText}`;
        const row = rows.get(key);
        if (row) row.views += 1;
        else rows.set(key, { blog_id: blogId, post_id: postId, day: dayText, views: 1 + Math.floor(40 / (1 + Math.floor(random() * 40))) });
      }
    }
    await storage.db.transaction().execute((trx) => insertRows(trx, 'post_views_daily', [...rows.values()]));
  }
  // As the view-totals migration fills them: all time from the daily rows; the windows computed on first read.
  await sql`insert into post_view_totals (post_id, blog_id, views, views_7d, views_30d)
    select post_id, min(blog_id), sum(views), 0, 0 from post_views_daily where blog_id = ${blogId} group by post_id`.execute(storage.db);
}

/** Writes the big blog `big` (the primary one) and `smallBlogs` blogs `small-N` into a migrated, empty database. */
export async function generateScaleData(storage: Storage, options: ScaleOptions, onProgress?: (done: number) => void): Promise<ScaleBlog> {
  const now = options.now ?? Date.now();
  const random = seededRandom(`dastan-scale-${options.posts}`);
  const first = emptyBatch();
  const blog = blogRow('big', true, now - 11 * 365 * DAY_MS);
  first.blogs.push(blog);
  for (const name of LABELS) first.labels.push({ id: newId(now), blog_id: blog.id, name });
  for (const slug of ['about', 'contact', 'colophon']) {
    const page = postRow(blog.id, 0, now - 400 * DAY_MS, random, false);
    first.posts.push({ ...page, kind: 'page', slug, title: slug, path_year: null, path_month: null });
  }
  await writeBatch(storage, first);
  const labelIds = first.labels.map((l) => l.id);
  const plan = { blogId: blog.id, count: options.posts, labelIds, commentsPerPost: options.commentsPerPost ?? 10, now, random };
  const newest = await writePosts(storage, plan, onProgress);

  // Post IDs, oldest first, only to pick the viewed posts (~30 bytes each: 30 MB at 1,000,000).
  const rows = await storage.db
    .selectFrom('posts')
    .select('id')
    .where('blog_id', '=', blog.id)
    .where('kind', '=', 'post')
    .orderBy('published_at')
    .execute();
  await writeViews(
    storage,
    blog.id,
    rows.map((r) => r.id),
    options.viewedPerDay ?? 300,
    now,
    random,
  );
  const smallBlogNames = await writeSmallBlogs(storage, options.smallBlogs, now, random);

  const date = new Date(newest.published_at!);
  return {
    blogId: blog.id,
    name: blog.name,
    postPath: `/${newest.path_year}/${pad(newest.path_month!)}/${newest.slug}.html`,
    postId: newest.id,
    pagePath: '/p/about.html',
    labels: [LABELS[0]!, LABELS[1]!],
    month: `/${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/`,
    year: `/${date.getUTCFullYear()}/`,
    // The home page, the posts and the three pages, SITEMAP_URL_LIMIT a page.
    lastSitemapPage: Math.ceil((1 + options.posts + 3) / SITEMAP_URL_LIMIT),
    smallBlogNames,
  };
}
