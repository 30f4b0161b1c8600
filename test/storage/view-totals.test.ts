/**
 * The per-post totals behind "Popular posts", on both databases: after every flush, day rollover,
 * rollup, post deletion and change of status, the ranking read from the totals equals the ranking
 * summed straight from the daily and monthly rows (the old query, kept here as the oracle) — live
 * posts only. Rebuilding the totals gives the same, and flushes of one blog running at once neither
 * deadlock nor lose a count.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { batchOf, countKeys } from '../../src/domain/stats/count-keys.js';
import { addDays } from '../../src/domain/text/zoned-time.js';
import type { Services } from '../../src/services.js';
import type { Storage } from '../../src/storage/database.js';
import type { BlogRow, PopularWindow, PostRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost, servicesFor, TestClock } from '../helpers/factories.js';

const DAY = 86_400_000;
const WINDOWS: PopularWindow[] = ['7d', '30d', 'all'];

/** The ranking summed from the daily (and, for all time, monthly) rows, live posts only. */
async function oracle(storage: Storage, blogId: string, window: PopularWindow, today: string, limit = 10) {
  const since = window === '7d' ? addDays(today, -6) : window === '30d' ? addDays(today, -29) : null;
  let daily = storage.db.selectFrom('post_views_daily').select(['post_id', 'views']).where('blog_id', '=', blogId);
  if (since) daily = daily.where('day', '>=', since);
  const rows = [...(await daily.execute())];
  if (!since)
    rows.push(...(await storage.db.selectFrom('post_views_monthly').select(['post_id', 'views']).where('blog_id', '=', blogId).execute()));
  const live = new Set(
    (
      await storage.db
        .selectFrom('posts')
        .select('id')
        .where('blog_id', '=', blogId)
        .where('status', '=', 'live')
        .where('trashed_at', 'is', null)
        .where('kind', '=', 'post')
        .execute()
    ).map((p) => p.id),
  );
  const sums = new Map<string, number>();
  for (const r of rows) if (live.has(r.post_id)) sums.set(r.post_id, (sums.get(r.post_id) ?? 0) + Number(r.views));
  return [...sums]
    .filter(([, views]) => views > 0)
    .map(([postId, views]) => ({ postId, views }))
    .sort((a, b) => b.views - a.views || (a.postId < b.postId ? 1 : -1))
    .slice(0, limit);
}

async function assertRankings(services: Services, blog: BlogRow, today: string, note: string): Promise<void> {
  for (const window of WINDOWS)
    assert.deepEqual(
      await services.repositories.views.mostViewed(blog.id, window, 10, today),
      await oracle(services.storage, blog.id, window, today),
      `${note}: ${window} on ${today}`,
    );
}

/** Counts `n` views of each post at `at` (a different number per post), flushed as one batch. */
async function flushViews(services: Services, blog: BlogRow, posts: PostRow[], at: number, seed: number): Promise<void> {
  const counts = new Map<string, number>();
  posts.forEach((post, i) => {
    const n = (seed * 7 + i * 5) % 9;
    for (const key of countKeys({ blogId: blog.id, postId: post.id, at, referrer: null, device: 'desktop' }))
      counts.set(key, (counts.get(key) ?? 0) + n);
  });
  await services.repositories.views.applyBatch(batchOf(counts), null, at);
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

for (const database of testDatabases) {
  describe(`popular-posts totals on ${database.name}`, { skip: database.skip }, () => {
    test('kept right through flushes and day rollovers, read on any later day', async () => {
      const storage = await database.open();
      try {
        const clock = new TestClock();
        const services = servicesFor(storage, clock);
        const blog = await makeBlog(services);
        const other = await makeBlog(services);
        const posts: PostRow[] = [];
        for (let i = 0; i < 6; i++) posts.push(await makePost(services, blog));
        const elsewhere = await makePost(services, other);
        const start = clock.ms - 60 * DAY;
        // Flushes on 60 days in a row, two a day; read (and so the window moved on) every few days.
        for (let d = 0; d <= 60; d++) {
          const at = start + d * DAY;
          await flushViews(services, blog, posts, at, d);
          await flushViews(services, other, [elsewhere], at, d + 1);
          await flushViews(services, blog, posts.slice(0, 3), at + 3_600_000, d + 2);
          if (d % 4 === 0) await assertRankings(services, blog, utcDay(at), `after day ${d}`);
        }
        const today = utcDay(clock.ms);
        await assertRankings(services, blog, today, 'today');
        // Days pass without views: counts leave the 7-day window, then the 30-day one.
        for (const later of [1, 3, 7, 8, 29, 30, 45]) await assertRankings(services, blog, addDays(today, later), `${later} days later`);
        // A flush of a new day after that moves the window on by itself.
        await flushViews(services, blog, posts, clock.ms + 50 * DAY, 3);
        const window = await storage.db
          .selectFrom('blog_view_windows')
          .select('day')
          .where('blog_id', '=', blog.id)
          .executeTakeFirstOrThrow();
        assert.equal(window.day, addDays(today, 50));
        await assertRankings(services, blog, addDays(today, 50), 'after a flush 50 days on');
        assert.deepEqual(
          await services.repositories.views.mostViewed(other.id, 'all', 10, today),
          await oracle(storage, other.id, 'all', today),
        );
      } finally {
        await storage.close();
      }
    });

    test('a late flush of yesterday’s counts, a rollup, and a rebuild keep the same rankings', async () => {
      const storage = await database.open();
      try {
        const clock = new TestClock();
        const services = servicesFor(storage, clock);
        const blog = await makeBlog(services);
        const posts: PostRow[] = [];
        for (let i = 0; i < 5; i++) posts.push(await makePost(services, blog, { publishedAt: clock.ms - 300 * DAY }));
        for (let daysAgo = 200; daysAgo >= 0; daysAgo -= 2) await flushViews(services, blog, posts, clock.ms - daysAgo * DAY, daysAgo);
        const today = utcDay(clock.ms);
        await assertRankings(services, blog, today, 'filled');
        // Counts of yesterday arriving after today's (a flush held up over midnight).
        await flushViews(services, blog, posts, clock.ms - DAY, 11);
        await assertRankings(services, blog, today, 'late counts');
        // And counts of days already outside the 7-day (and 30-day) window, say from a restored batch.
        await flushViews(services, blog, posts, clock.ms - 10 * DAY, 12);
        await flushViews(services, blog, posts, clock.ms - 40 * DAY, 13);
        await assertRankings(services, blog, today, 'counts of days outside the windows');

        const rolled = await services.viewRollup.run(90);
        assert.ok(rolled.rows > 0, 'old months were rolled up');
        await assertRankings(services, blog, today, 'after the rollup');
        const before = await Promise.all(WINDOWS.map((w) => services.repositories.views.mostViewed(blog.id, w, 10, today)));
        await services.repositories.views.rebuildTotals();
        const after = await Promise.all(WINDOWS.map((w) => services.repositories.views.mostViewed(blog.id, w, 10, today)));
        assert.deepEqual(after, before, 'rebuilt from the rows: the same');
      } finally {
        await storage.close();
      }
    });

    test('drafts, trashed posts and pages are hidden; a deleted post takes its totals with it', async () => {
      const storage = await database.open();
      try {
        const clock = new TestClock();
        const services = servicesFor(storage, clock);
        const blog = await makeBlog(services);
        const posts: PostRow[] = [];
        for (let i = 0; i < 5; i++) posts.push(await makePost(services, blog));
        const page = await makePost(services, blog, { kind: 'page' });
        for (let d = 0; d < 5; d++) await flushViews(services, blog, [...posts, page], clock.ms - d * DAY, d);
        const today = utcDay(clock.ms);
        const ranked = await services.repositories.views.mostViewed(blog.id, '30d', 10, today);
        assert.equal(ranked.length, 5, 'posts only, never the page');
        const [top, second, third] = ranked.map((r) => r.postId) as [string, string, string];

        await storage.db.updateTable('posts').set({ status: 'draft' }).where('id', '=', top).execute();
        await storage.db.updateTable('posts').set({ trashed_at: clock.ms }).where('id', '=', second).execute();
        const shown = (await services.repositories.views.mostViewed(blog.id, '30d', 10, today)).map((r) => r.postId);
        assert.ok(!shown.includes(top) && !shown.includes(second), 'a draft and a trashed post drop out');
        assert.equal(shown[0], third);
        await assertRankings(services, blog, today, 'statuses changed');

        // Emptying the trash deletes the post for good.
        assert.equal(await services.repositories.postAdmin.deleteTrashed(blog.id, [second]), 1);
        const left = await storage.db.selectFrom('post_view_totals').select('post_id').where('post_id', '=', second).execute();
        assert.deepEqual(left, [], 'the deleted post has no totals left');
        // Counts that arrive for it afterwards are dropped, not an error.
        await flushViews(services, blog, [posts.find((p) => p.id === second)!], clock.ms, 1);
        await assertRankings(services, blog, today, 'after deletion');
      } finally {
        await storage.close();
      }
    });

    test('flushes of one blog at once, on a new day, neither deadlock nor lose a count', async () => {
      const storage = await database.open();
      try {
        const clock = new TestClock();
        const services = servicesFor(storage, clock);
        const blog = await makeBlog(services);
        const posts: PostRow[] = [];
        for (let i = 0; i < 8; i++) posts.push(await makePost(services, blog));
        await flushViews(services, blog, posts, clock.ms - DAY, 1);
        await services.repositories.views.mostViewed(blog.id, '7d', 10, utcDay(clock.ms - DAY));
        // Eight flushes of today's counts at once, in different orders of posts.
        await Promise.all(
          Array.from({ length: 8 }, (_, i) => flushViews(services, blog, i % 2 ? [...posts].reverse() : posts, clock.ms, i + 2)),
        );
        await assertRankings(services, blog, utcDay(clock.ms), 'after concurrent flushes');
      } finally {
        await storage.close();
      }
    });
  });
}
