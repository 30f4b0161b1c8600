/**
 * Rolling old daily view counts up into monthly ones, on both databases: daily rows of whole old
 * months become monthly rows, and popular posts (every window), the stats and post totals read the
 * same before and after; rollups run twice or at once never count a view twice. And the CLI command.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { batchOf, countKeys } from '../../src/domain/stats/count-keys.js';
import { utcDay } from '../../src/domain/text/time.js';
import { rollupCutoff } from '../../src/domain/stats/view-rollup.js';
import type { Services } from '../../src/services.js';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost, servicesFor, TestClock } from '../helpers/factories.js';

const DAY = 86_400_000;

/** Counted views spread over the last ~200 days: each post gets a different number each day. */
async function fillViews(services: Services, blog: BlogRow, posts: PostRow[], now: number): Promise<void> {
  for (let daysAgo = 200; daysAgo >= 0; daysAgo -= 3) {
    const at = now - daysAgo * DAY;
    const counts = new Map<string, number>();
    posts.forEach((post, i) => {
      const n = ((daysAgo * 7 + i * 13) % 11) + i;
      if (n === 0) return;
      const device = (['desktop', 'phone', 'tablet'] as const)[(daysAgo + i) % 3]!;
      for (const key of countKeys({ blogId: blog.id, postId: post.id, at, referrer: i % 2 ? 'search.example' : 'news.example', device }))
        counts.set(key, (counts.get(key) ?? 0) + n);
    });
    await services.repositories.views.applyBatch(batchOf(counts), null, now);
  }
}

async function snapshot(services: Services, blog: BlogRow, posts: PostRow[], now: number) {
  const popular = [];
  for (const window of ['7d', '30d', 'all'] as const)
    popular.push(await services.repositories.views.mostViewed(blog.id, window, 10, utcDay(now)));
  const stats = [];
  for (const window of ['7d', '30d', 'all'] as const) {
    const s = await services.stats.statsFor(blog, window);
    stats.push({ ...s, topPosts: s.topPosts.map((t) => [t.post.id, t.views]) });
  }
  const totals = [];
  for (const post of posts) totals.push(await services.repositories.views.totalFor(post.id));
  return { popular, stats, totals };
}

for (const database of testDatabases) {
  describe(`rolling views up on ${database.name}`, { skip: database.skip }, () => {
    test('old months become monthly rows; popular posts and stats are unchanged', async () => {
      const storage = await database.open();
      try {
        const clock = new TestClock();
        const services = servicesFor(storage, clock);
        const blog = await makeBlog(services);
        const posts: PostRow[] = [];
        for (let i = 0; i < 4; i++) posts.push(await makePost(services, blog, { publishedAt: clock.ms - 300 * DAY }));
        await fillViews(services, blog, posts, clock.ms);
        const before = await snapshot(services, blog, posts, clock.ms);
        assert.ok(before.totals.every((n) => n > 0));

        const cutoff = rollupCutoff(clock.ms, 90);
        assert.equal(cutoff, '2026-08-01');
        // Two rollups at once, then a third: each day's rows are moved exactly once.
        const [a, b] = await Promise.all([services.viewRollup.run(90), services.viewRollup.run(90)]);
        assert.ok(a.rows + b.rows > 0);
        assert.equal((await services.viewRollup.run(90)).rows, 0);

        const db = storage.db;
        const oldDaily = await db.selectFrom('post_views_daily').select('day').where('day', '<', cutoff).execute();
        assert.equal(oldDaily.length, 0, 'no daily row before the cutoff is left');
        const oldFacets = await db.selectFrom('view_facets_daily').select('period').where('period', '<', cutoff).execute();
        assert.equal(oldFacets.length, 0);
        const months = await db.selectFrom('post_views_monthly').select('month').distinct().orderBy('month').execute();
        assert.deepEqual(
          months.map((m) => m.month),
          ['2026-05', '2026-06', '2026-07'],
        );
        assert.ok(
          (await db.selectFrom('post_views_daily').select('day').where('day', '>=', cutoff).execute()).length > 0,
          'recent days stay daily',
        );

        const after = await snapshot(services, blog, posts, clock.ms);
        assert.deepEqual(after, before);
      } finally {
        await storage.close();
      }
    });
  });
}

test('dastan views rollup', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dastan-rollup-'));
  const env = { ...process.env, DATABASE_URL: path.join(dir, 'cli.db'), DATA_DIR: dir, LOG_LEVEL: 'silent' };
  const dastan = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, encoding: 'utf8' });
  try {
    const refused = dastan(['views', 'rollup', '--keep-days', '7']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /--keep-days: must be a whole number of days from 31/);
    const ok = dastan(['views', 'rollup']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /nothing to roll up/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
