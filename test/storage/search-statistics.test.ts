import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type LogEvent } from 'kysely';
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
        const ranking = statements.filter((s) => /ts_rank/.test(s.sql)).map((s) => s.sql);
        assert.equal(ranking.length, 1, ranking.join('\n'));
        assert.doesNotMatch(ranking[0]!, / as kept/, 'the rare word read the newest posts first');
        assert.ok(
          statements.some((s) => /set_config/.test(s.sql)),
          'the planner is held to the index',
        );
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
      if (database.name === 'postgres') {
        // The newest 1,001 hold about 400: some 2,500 posts hold the 1,001 asked for, fewer than the 2,800 the
        // index would fetch; the second read reaches twice as far, to be sure.
        const windows = statements
          .filter((s) => / as kept/.test(s.sql))
          .map((s) => s.parameters.find((p) => typeof p === 'number' && p > SEARCH_MATCH_LIMIT && p < 1_000_000));
        assert.equal(windows.length, 2);
        assert.equal(windows[0], SEARCH_MATCH_LIMIT + 1);
        assert.ok(Number(windows[1]) > 4_500 && Number(windows[1]) < 7_000, `the second read: ${String(windows[1])} posts`);
        assert.ok(!statements.some((s) => /set_config/.test(s.sql)), 'the index was not read');
      }
    });
  });
}
