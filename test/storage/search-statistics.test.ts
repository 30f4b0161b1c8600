import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CompiledQuery, sql, type LogEvent } from 'kysely';
import { testDatabases } from '../helpers/databases.js';
import { servicesFor, TestClock } from '../helpers/factories.js';
import type { Storage } from '../../src/storage/database.js';
import type { Services } from '../../src/services.js';
import { fewPostsHold, forgetWordShares } from '../../src/storage/dialects/postgres-word-shares.js';
import { COMMON_WORD, generateScaleData, MIDDLE_WORD, RARE_WORD, type ScaleBlog } from '../../bench/scale/generate-scale.js';
import { SEARCH_MATCH_LIMIT } from '../../src/storage/dialects/dialect.js';

// A search for a word PostgreSQL's statistics call rare goes straight to the words' index; the answer is the
// one the newest posts' window and the index after it give. SQLite has one path: the same answers.
for (const database of testDatabases) {
  describe(`search by the words' statistics on ${database.name}`, { skip: database.skip }, () => {
    let storage: Storage;
    let services: Services;
    const clock = new TestClock();
    const statements: { sql: string; parameters: readonly unknown[] }[] = [];

    let big: ScaleBlog;

    before(async () => {
      storage = await database.open({
        log: (event: LogEvent) => void statements.push({ sql: event.query.sql, parameters: event.query.parameters }),
      });
      services = servicesFor(storage, clock);
      // 7,000 posts, each with three words of a long tail; the rare word in two of them (the eighth and the
      // newest), the middle word in two of every five.
      big = await generateScaleData(storage, { posts: 7_000, smallBlogs: 1, commentsPerPost: 0, viewedPerDay: 1, now: clock.ms });
    });
    after(() => storage.close());

    test('a rare word in a blog past the window is found through the index without reading the newest posts, a common one in the newest posts', async () => {
      const blog = (await services.repositories.blogs.findById(big.blogId))!;
      if (database.name === 'postgres') {
        await sql`analyze posts`.execute(storage.db);
        forgetWordShares(storage.db);
        assert.equal(await fewPostsHold(storage.db, [RARE_WORD], 1_001), true);
        assert.equal(await fewPostsHold(storage.db, [COMMON_WORD], 1_001), false);
        // Every word is asked for: the rare one bounds them all.
        assert.equal(await fewPostsHold(storage.db, [COMMON_WORD, RARE_WORD.toUpperCase()], 1_001), true);
        // Not ASCII letters and digits: the statistics hold such words as the database's locale has them.
        assert.equal(await fewPostsHold(storage.db, ['Zürich'], 1_001), false);
        assert.equal(await fewPostsHold(storage.db, ['snake_case'], 1_001), false);
      }
      statements.length = 0;
      const rare = await services.reader.search(blog, RARE_WORD, 1);
      assert.equal(rare.total, 2);
      assert.equal(rare.more, false);
      assert.deepEqual(rare.results.map((r) => r.post.title.split(':')[0]).sort(), ['Notes 7000', 'Notes 8']);
      if (database.name === 'postgres') {
        // One statement: the function holding the planner to the words' index; the newest posts not read.
        assert.equal(statements.filter((s) => /posts_matching_by_index/.test(s.sql)).length, 1, statements.map((s) => s.sql).join('\n'));
        assert.ok(!statements.some((s) => / as kept/.test(s.sql)), 'the rare word read the newest posts first');
        assert.ok(!statements.some((s) => /^\s*begin/i.test(s.sql)), 'no transaction of its own');
      }
      statements.length = 0;
      const common = await services.reader.search(blog, COMMON_WORD, 1);
      assert.equal(common.more, true);
      if (database.name === 'postgres')
        assert.ok(
          statements.some((s) => / as kept/.test(s.sql) && /ts_rank/.test(s.sql)),
          'the common word read the newest posts',
        );
    });

    test('a word in 2 posts of 5 of a blog of 7,000 is read newest first as far as its share of the newest posts says', async () => {
      statements.length = 0;
      const found = await storage.dialect.searchPosts(
        storage.db,
        { blogId: big.blogId, text: MIDDLE_WORD, limit: SEARCH_MATCH_LIMIT, offset: 0 },
        clock.ms,
      );
      const ran = [...statements];
      assert.equal(found.total, SEARCH_MATCH_LIMIT);
      assert.equal(found.more, true);
      // Ranked are the newest matches, whichever way they were read.
      const newest = await storage.db
        .selectFrom('posts')
        .select('id')
        .where('blog_id', '=', big.blogId)
        .where('status', '=', 'live')
        .where('body_text', 'like', `%${MIDDLE_WORD}%`)
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(SEARCH_MATCH_LIMIT)
        .execute();
      assert.deepEqual(found.hits.map((h) => h.postId).sort(), newest.map((r) => r.id).sort());
      // A blog row a moment old may say the blog is small enough to read whole: the answer is the same.
      const hinted = await storage.dialect.searchPosts(
        storage.db,
        { blogId: big.blogId, text: MIDDLE_WORD, limit: SEARCH_MATCH_LIMIT, offset: 0, postsHint: 1_500 },
        clock.ms,
      );
      assert.deepEqual(hinted, found);
      if (database.name === 'postgres') {
        // The newest 1,001 hold about 400: some 2,500 posts hold the 1,001 asked for, fewer than the 2,800 the
        // index would fetch; the second read reaches twice as far, to be sure.
        const windows = ran
          .filter((s) => / as kept/.test(s.sql))
          .map((s) => s.parameters.find((p) => typeof p === 'number' && p > SEARCH_MATCH_LIMIT && p < 1_000_000));
        assert.equal(windows.length, 2);
        assert.equal(windows[0], SEARCH_MATCH_LIMIT + 1);
        assert.ok(Number(windows[1]) > 4_500 && Number(windows[1]) < 7_000, `the second read: ${String(windows[1])} posts`);
        assert.ok(!ran.some((s) => /posts_matching_by_index/.test(s.sql)), 'the index was not read');
        // Each read walks the blog's live posts newest first in their index, stopping at the matches asked for.
        const read = ran.find((s) => / as kept/.test(s.sql))!;
        const plan = await storage.db.executeQuery(CompiledQuery.raw(`explain ${read.sql}`, [...read.parameters]));
        const text = plan.rows.map((r) => String((r as Record<string, unknown>)['QUERY PLAN'])).join('\n');
        assert.match(text, /Index Scan Backward using posts_search_newest on posts/, text);
        assert.doesNotMatch(text, /Seq Scan on posts|Sort/, text);
      }
    });
  });
}
