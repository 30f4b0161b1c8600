import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost, servicesFor, TestClock } from '../helpers/factories.js';
import type { Storage } from '../../src/storage/database.js';
import type { Services } from '../../src/services.js';
import { SEARCH_MATCH_LIMIT } from '../../src/storage/dialects/dialect.js';
import { ARCHIVE_TITLES } from '../../src/domain/reader/blog-reader.js';
import { COMMON_WORD, generateScaleData, RARE_WORD } from '../../bench/scale/generate-scale.js';

for (const database of testDatabases) {
  describe(`posts on ${database.name}`, { skip: database.skip }, () => {
    let storage: Storage;
    let services: Services;
    const clock = new TestClock();

    before(async () => {
      storage = await database.open();
      services = servicesFor(storage, clock);
    });
    after(() => storage.close());

    test('a post gets a permalink from its title and publish month, unique within the month', async () => {
      const blog = await makeBlog(services, { timeZone: 'Asia/Karachi' });
      // 2026-01-31 21:00 UTC is already February 1st in Karachi (UTC+5).
      const at = Date.parse('2026-01-31T21:00:00Z');
      const first = await makePost(services, blog, { title: 'Hello, World!', publishedAt: at });
      const second = await makePost(services, blog, { title: 'Hello World', publishedAt: at });
      assert.equal(first.slug, 'hello-world');
      assert.equal(second.slug, 'hello-world-2');
      assert.deepEqual([first.path_year, first.path_month], [2026, 2]);
      const found = await services.repositories.posts.findLivePost(blog.id, 2026, 2, 'hello-world-2');
      assert.equal(found?.id, second.id);
    });

    test('two blogs share slugs and labels without seeing each other', async () => {
      const a = await makeBlog(services);
      const b = await makeBlog(services);
      const at = Date.parse('2026-03-10T10:00:00Z');
      const pa = await makePost(services, a, { title: 'Same', labels: ['travel'], publishedAt: at });
      const pb = await makePost(services, b, { title: 'Same', labels: ['travel'], publishedAt: at });
      assert.equal(pa.slug, pb.slug);
      assert.equal((await services.repositories.posts.findLivePost(a.id, 2026, 3, 'same'))?.id, pa.id);
      assert.equal((await services.repositories.posts.findLivePost(b.id, 2026, 3, 'same'))?.id, pb.id);
      const labelsA = await services.repositories.labels.countsForBlog(a.id);
      assert.deepEqual(labelsA, [{ name: 'travel', count: 1 }]);
      const travelA = await services.reader.listPosts(a, { labelNames: ['travel'] });
      assert.deepEqual(
        travelA?.posts.map((p) => p.post.id),
        [pa.id],
      );
    });

    test('drafts and scheduled posts stay hidden until published', async () => {
      const blog = await makeBlog(services);
      const draft = await makePost(services, blog, { draft: true });
      const scheduled = await makePost(services, blog, { publishedAt: clock.ms + 60_000 });
      assert.equal(draft.status, 'draft');
      assert.equal(scheduled.status, 'scheduled');
      assert.equal((await services.reader.listPosts(blog))?.posts.length, 0);
      clock.advance(61_000);
      assert.equal(await services.scheduler.publishDue(), 1);
      assert.equal(await services.scheduler.publishDue(), 0, 'a scheduled post goes live only once');
      const page = await services.reader.listPosts(blog);
      assert.deepEqual(
        page?.posts.map((p) => p.post.id),
        [scheduled.id],
      );
    });

    test('keyset pages of posts: older and newer links see every post once', async () => {
      const blog = await makeBlog(services);
      await services.blogs.updateSettings(blog.id, { postsPerPage: 3 });
      const fresh = (await services.repositories.blogs.findById(blog.id))!;
      const ids: string[] = [];
      for (let i = 0; i < 8; i++)
        ids.push((await makePost(services, fresh, { publishedAt: Date.parse('2026-05-01T00:00:00Z') + (i % 4) * 1000 })).id);
      const seen: string[] = [];
      let page = (await services.reader.listPosts(fresh))!;
      seen.push(...page.posts.map((p) => p.post.id));
      while (page.hasOlder) {
        const last = page.posts.at(-1)!.post;
        page = (await services.reader.listPosts(fresh, { older: { publishedAt: last.published_at!, id: last.id } }))!;
        seen.push(...page.posts.map((p) => p.post.id));
      }
      assert.equal(seen.length, 8);
      assert.equal(new Set(seen).size, 8);
      const first = page.posts[0]!.post;
      const newer = (await services.reader.listPosts(fresh, { newer: { publishedAt: first.published_at!, id: first.id } }))!;
      assert.equal(newer.posts.length, 3);
      assert.deepEqual(
        newer.posts.map((p) => p.post.id),
        seen.slice(3, 6),
      );
    });

    test('search finds words deep in a body and highlights them, only in its own blog', async () => {
      const a = await makeBlog(services);
      const b = await makeBlog(services);
      const filler = 'lorem ipsum dolor sit amet '.repeat(400);
      const post = await makePost(services, a, { title: 'Long read', body: `<p>${filler} the zanzibar ferry schedule</p>` });
      await makePost(services, b, { title: 'Other', body: '<p>zanzibar too</p>' });
      const result = await services.reader.search(a, 'Zanzibar', 1);
      assert.equal(result.total, 1);
      assert.equal(result.results[0]?.post.id, post.id);
      assert.match(result.results[0].excerpt, /\u0002zanzibar\u0003/i);
      assert.equal((await services.reader.search(a, '"); drop table posts; --', 1)).total, 0);
      assert.equal((await services.reader.search(a, '***', 1)).total, 0);
    });

    test('search ranks a word in the title first, and never matches the blog’s own ID', async () => {
      const blog = await makeBlog(services);
      const inBody = await makePost(services, blog, { title: 'Plain', body: '<p>the kestrel over the field</p>' });
      const inTitle = await makePost(services, blog, { title: 'Kestrel', body: '<p>a bird</p>' });
      const found = await services.reader.search(blog, 'kestrel', 1);
      assert.deepEqual(
        found.results.map((r) => r.post.id),
        [inTitle.id, inBody.id],
      );
      assert.equal(found.more, false);
      // The blog's ID is in the index (to find the blog's posts there), but it is not text to search.
      assert.equal((await services.reader.search(blog, blog.id, 1)).total, 0);
    });

    test('a word in more posts than a search ranks is counted to the limit, with "more"; a rare one is found however old', async () => {
      // 2,500 posts: past the newest 1,001 PostgreSQL turns from reading the blog newest first to the words' index.
      const big = await generateScaleData(storage, {
        posts: 2_500,
        smallBlogs: 1,
        commentsPerPost: 0,
        viewedPerDay: 1,
        now: clock.ms,
      });
      const blog = (await services.repositories.blogs.findById(big.blogId))!;
      const found = await services.reader.search(blog, COMMON_WORD, 1);
      assert.equal(found.total, SEARCH_MATCH_LIMIT);
      assert.equal(found.more, true);
      assert.equal(found.results.length, 10);
      const rare = await services.reader.search(blog, RARE_WORD, 1);
      assert.equal(rare.more, false);
      // The generator puts the rare word in its eighth post (among the oldest) and in the newest.
      assert.equal(rare.total, 2);
      const titles = rare.results.map((r) => r.post.title);
      assert.ok(
        titles.some((t) => t.startsWith('Notes 8:')),
        `the old post is found: ${titles.join(', ')}`,
      );
    });

    test('the live post and page counts on the blog follow every change of status, trash and deletion', async () => {
      const blog = await makeBlog(services);
      const counts = () => services.repositories.posts.liveCounts(blog.id);
      const counted = async () => {
        const rows = await storage.db
          .selectFrom('posts')
          .select(['kind'])
          .where('blog_id', '=', blog.id)
          .where('status', '=', 'live')
          .where('trashed_at', 'is', null)
          .execute();
        return { posts: rows.filter((r) => r.kind === 'post').length, pages: rows.filter((r) => r.kind === 'page').length };
      };
      const a = await makePost(services, blog);
      const b = await makePost(services, blog);
      await makePost(services, blog, { kind: 'page', title: 'About' });
      await makePost(services, blog, { draft: true });
      assert.deepEqual(await counts(), { posts: 2, pages: 1 });
      await services.editor.moveToTrash(blog.id, [a.id]);
      assert.deepEqual(await counts(), { posts: 1, pages: 1 });
      await services.editor.restore(blog.id, [a.id]);
      assert.deepEqual(await counts(), { posts: 2, pages: 1 });
      await services.editor.applyToMany(blog, [b], 'draft', { userId: 'owner', role: 'owner' });
      assert.deepEqual(await counts(), { posts: 1, pages: 1 });
      await services.editor.moveToTrash(blog.id, [a.id]);
      await services.editor.deleteForever(blog.id, [a.id]);
      assert.deepEqual(await counts(), await counted());
      assert.deepEqual(await counts(), { posts: 0, pages: 1 });
    });

    test("the dashboard's totals are kept, not counted, and equal a count after every change", async () => {
      const blog = await makeBlog(services);
      const other = await makeBlog(services);
      await makePost(services, other);
      const filters: { status?: 'live' | 'draft' | 'scheduled' | 'trash' }[] = [
        {},
        { status: 'live' },
        { status: 'draft' },
        { status: 'scheduled' },
        { status: 'trash' },
      ];
      // Each list's total as the dashboard shows it, and as a count of the rows says it should be.
      const totals = async () => {
        const shown: number[] = [];
        const counted: number[] = [];
        for (const kind of ['post', 'page'] as const)
          for (const f of filters) {
            shown.push((await services.repositories.postAdmin.list({ blogId: blog.id, kind, ...f }, 0, 0)).total);
            let q = storage.db.selectFrom('posts').select('id').where('blog_id', '=', blog.id).where('kind', '=', kind);
            if (f.status === 'trash') q = q.where('trashed_at', 'is not', null);
            else q = q.where('trashed_at', 'is', null);
            if (f.status && f.status !== 'trash') q = q.where('status', '=', f.status);
            counted.push((await q.execute()).length);
          }
        assert.deepEqual(shown, counted);
        return shown;
      };
      const a = await makePost(services, blog);
      const b = await makePost(services, blog);
      await makePost(services, blog, { kind: 'page', title: 'About' });
      await makePost(services, blog, { draft: true });
      await makePost(services, blog, { publishedAt: clock.now() + 86_400_000 });
      assert.deepEqual(await totals(), [4, 2, 1, 1, 0, 1, 1, 0, 0, 0]);
      await services.editor.moveToTrash(blog.id, [a.id]);
      assert.deepEqual((await totals()).slice(0, 5), [3, 1, 1, 1, 1]);
      await services.editor.restore(blog.id, [a.id]);
      await services.editor.applyToMany(blog, [b], 'draft', { userId: 'owner', role: 'owner' });
      assert.deepEqual((await totals()).slice(0, 5), [4, 1, 2, 1, 0]);
      // An edit that changes no status moves no count.
      await services.repositories.posts.update(blog.id, b.id, { title: 'Renamed' });
      await totals();
      await services.editor.moveToTrash(blog.id, [a.id]);
      await services.editor.deleteForever(blog.id, [a.id]);
      assert.deepEqual((await totals()).slice(0, 5), [3, 0, 2, 1, 0]);
      // The other blog's post is its own.
      assert.equal((await services.repositories.postAdmin.list({ blogId: other.id, kind: 'post' }, 0, 0)).total, 1);
      // A blog deleted with its posts by the database's cascade takes its counts along (demo --reset does so).
      await services.repositories.blogs.delete(blog.id);
      assert.deepEqual(await storage.db.selectFrom('post_counts').selectAll().where('blog_id', '=', blog.id).execute(), []);
      assert.equal((await services.repositories.postAdmin.list({ blogId: other.id, kind: 'post' }, 0, 0)).total, 1);
    });

    test("the labels and archive gadgets' counts are kept, not counted, and equal a count after every change", async () => {
      const blog = await makeBlog(services);
      const other = await makeBlog(services);
      await makePost(services, other, { labels: ['travel'], publishedAt: Date.parse('2026-03-02T10:00:00Z') });
      const live = (q: ReturnType<typeof storage.db.selectFrom<'posts as p'>>) =>
        q.where('p.kind', '=', 'post').where('p.status', '=', 'live').where('p.trashed_at', 'is', null);
      // The gadgets' counts as kept, and as a count of the rows says they should be.
      const gadgets = async () => {
        const labels = await services.repositories.labels.countsForBlog(blog.id);
        const months = await services.repositories.posts.monthCounts(blog.id);
        const linked = await live(storage.db.selectFrom('posts as p'))
          .innerJoin('post_labels as pl', 'pl.post_id', 'p.id')
          .innerJoin('labels as l', 'l.id', 'pl.label_id')
          .where('p.blog_id', '=', blog.id)
          .select(['l.name', 'p.id'])
          .execute();
        const byLabel = new Map<string, number>();
        for (const r of linked) byLabel.set(r.name, (byLabel.get(r.name) ?? 0) + 1);
        const counted = [...byLabel].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, count]) => ({ name, count }));
        assert.deepEqual(labels, counted);
        const posts = await live(storage.db.selectFrom('posts as p'))
          .where('p.blog_id', '=', blog.id)
          .select(['p.path_year', 'p.path_month', 'p.published_at'])
          .execute();
        // The sitemap's day counts (path month and whole days since 1970) the same way.
        const byDay = new Map<string, number>();
        for (const p of posts) {
          const key = `${p.path_year}-${p.path_month}-${Math.floor(p.published_at! / 86_400_000)}`;
          byDay.set(key, (byDay.get(key) ?? 0) + 1);
        }
        const days = await storage.db.selectFrom('post_days').selectAll().where('blog_id', '=', blog.id).where('n', '>', 0).execute();
        assert.deepEqual(new Map(days.map((d) => [`${d.year}-${d.month}-${d.day}`, Number(d.n)])), byDay);
        const byMonth = new Map<number, number>();
        for (const p of posts) byMonth.set(p.path_year! * 100 + p.path_month!, (byMonth.get(p.path_year! * 100 + p.path_month!) ?? 0) + 1);
        assert.deepEqual(
          months.map((m) => [m.year * 100 + m.month, m.count]),
          [...byMonth].sort(([x], [y]) => y - x),
        );
        return { labels: labels.map((l) => `${l.name}:${l.count}`), months: months.map((m) => `${m.year}-${m.month}:${m.count}`) };
      };
      const march = Date.parse('2026-03-05T10:00:00Z');
      const april = Date.parse('2026-04-05T10:00:00Z');
      const a = await makePost(services, blog, { labels: ['travel', 'food'], publishedAt: march });
      const b = await makePost(services, blog, { labels: ['travel'], publishedAt: april });
      await makePost(services, blog, { kind: 'page', title: 'About', labels: ['travel'] });
      await makePost(services, blog, { draft: true, labels: ['food'] });
      const scheduled = await makePost(services, blog, { labels: ['food'], publishedAt: clock.ms + 60_000 });
      assert.deepEqual(await gadgets(), { labels: ['food:1', 'travel:2'], months: ['2026-4:1', '2026-3:1'] });
      // Labels changed on a live post; a post moved to another month.
      await services.repositories.posts.update(blog.id, b.id, { title: 'Walks' }, ['food', 'walks']);
      assert.deepEqual((await gadgets()).labels, ['food:2', 'travel:1', 'walks:1']);
      await services.repositories.posts.update(blog.id, b.id, { path_year: 2026, path_month: 3 });
      assert.deepEqual((await gadgets()).months, ['2026-3:2']);
      // Published another day (the sitemap's day counts move; before 1970 too).
      await services.repositories.posts.update(blog.id, b.id, { published_at: Date.parse('2026-03-09T23:59:59Z') });
      await gadgets();
      await services.repositories.posts.update(blog.id, b.id, { published_at: Date.parse('1969-12-31T12:00:00Z') });
      await gadgets();
      await services.repositories.posts.update(blog.id, b.id, { published_at: april });
      // Trash, restore, back to draft, the scheduler publishing, deletion.
      await services.editor.moveToTrash(blog.id, [a.id]);
      assert.deepEqual(await gadgets(), { labels: ['food:1', 'walks:1'], months: ['2026-3:1'] });
      await services.editor.restore(blog.id, [a.id]);
      await services.editor.applyToMany(blog, [b], 'draft', { userId: 'owner', role: 'owner' });
      assert.deepEqual(await gadgets(), { labels: ['food:1', 'travel:1'], months: ['2026-3:1'] });
      clock.advance(120_000);
      await services.scheduler.publishDue();
      assert.equal((await gadgets()).labels[0], 'food:2');
      await services.editor.moveToTrash(blog.id, [scheduled.id]);
      await services.editor.deleteForever(blog.id, [scheduled.id]);
      await services.repositories.posts.update(blog.id, a.id, { title: 'Renamed' });
      assert.deepEqual((await gadgets()).labels, ['food:1', 'travel:1']);
      await storage.db.deleteFrom('posts').where('id', '=', a.id).execute();
      assert.deepEqual(await gadgets(), { labels: [], months: [] });
      // The other blog's counts are its own; a blog deleted by the cascade takes its months along.
      assert.deepEqual(await services.repositories.labels.countsForBlog(other.id), [{ name: 'travel', count: 1 }]);
      await makePost(services, blog, { labels: ['travel'], publishedAt: march });
      await services.repositories.blogs.delete(blog.id);
      assert.deepEqual(await storage.db.selectFrom('post_months').selectAll().where('blog_id', '=', blog.id).execute(), []);
      assert.deepEqual(await storage.db.selectFrom('post_days').selectAll().where('blog_id', '=', blog.id).execute(), []);
      assert.deepEqual(await services.repositories.posts.monthCounts(other.id), [{ year: 2026, month: 3, count: 1 }]);
    });

    test("the archive gadget lists at most ARCHIVE_TITLES of the newest month's posts, and counts them all", async () => {
      const blog = await makeBlog(services);
      const start = Date.parse('2026-05-01T00:00:00Z');
      for (let i = 0; i < ARCHIVE_TITLES + 5; i++)
        await makePost(services, blog, { title: `May ${i}`, publishedAt: start + i * 3_600_000 });
      const current = (await services.blogs.findById(blog.id))!;
      const sidebar = await services.reader.sidebar(current);
      assert.equal(sidebar.months[0]!.count, ARCHIVE_TITLES + 5);
      assert.equal(sidebar.newestMonthTitles.length, ARCHIVE_TITLES);
      assert.equal(sidebar.newestMonthTitles[0]!.title, `May ${ARCHIVE_TITLES + 4}`, 'newest first');
    });

    test('a NUL in a body or title is dropped, not a database error; "." and ".." are refused as labels', async () => {
      const blog = await makeBlog(services);
      const post = await makePost(services, blog, { title: 'nul\u0000title', body: '<p>a\u0000b</p>' });
      assert.equal(post.body_html, '<p>ab</p>');
      assert.doesNotMatch(post.title, /\u0000/);
      await services.comments.addComment({
        blogId: blog.id,
        postId: post.id,
        authorName: 'x\u0000y',
        authorEmail: 'a\u0000@b.c',
        body: 'c\u0000d',
      });
      await assert.rejects(makePost(services, blog, { labels: ['..'] }), /cannot be/);
      await assert.rejects(makePost(services, blog, { labels: ['.'] }), /cannot be/);
    });

    test('page views add up per day and rank popular posts over the window', async () => {
      const blog = await makeBlog(services);
      const p1 = await makePost(services, blog);
      const p2 = await makePost(services, blog);
      for (let i = 0; i < 3; i++) services.viewCounter.record(blog.id, p1.id);
      for (let i = 0; i < 5; i++) services.viewCounter.record(blog.id, p2.id);
      await services.viewCounter.flush();
      services.viewCounter.record(blog.id, p1.id);
      await services.viewCounter.flush();
      const ranked = await services.repositories.views.mostViewed(blog.id, 'all', 5, '2026-11-20');
      assert.deepEqual(ranked, [
        { postId: p2.id, views: 5 },
        { postId: p1.id, views: 4 },
      ]);
    });
  });
}
