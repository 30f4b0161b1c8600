/** The spam classifier's storage and its learning, on every real database. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import type { Storage } from '../../src/storage/database.js';
import { SpamRepository, type SpamCounts } from '../../src/storage/repositories/spam.repository.js';
import { MIN_LEARNED_EACH, SpamClassifier } from '../../src/domain/comments/spam/classifier.js';
import { BayesScreen } from '../../src/domain/comments/spam/bayes.screen.js';
import { trainFromStoredComments } from '../../src/domain/comments/spam/train-blog.js';
import { tokenize } from '../../src/domain/comments/spam/tokenize.js';
import { NotFoundError } from '../../src/domain/errors.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { labelledComments } from '../spam/corpus/index.js';
import { spamFixture, storeComment, submissionOf, type SpamFixture } from '../spam/helpers.js';

const counts = (entries: [string, number, number][]) => new Map<string, SpamCounts>(entries.map(([t, spam, ham]) => [t, { spam, ham }]));

for (const database of testDatabases) {
  describe(`spam repository on ${database.name}`, { skip: database.skip }, () => {
    let storage: Storage;
    let f: SpamFixture;
    let repo: SpamRepository;
    before(async () => {
      storage = await database.open();
      f = await spamFixture(storage);
      repo = new SpamRepository(storage.db);
    });
    after(() => storage.close());

    test('adds and subtracts counts in batches, never below zero, removing tokens that reach zero', async () => {
      const blog = await makeBlog(f.services);
      const many = counts(Array.from({ length: 1200 }, (_, i) => [`t${i}`, 1, 0] as [string, number, number]));
      await repo.addCounts(blog.id, many, { spam: 1, ham: 0 }, 1);
      await repo.addCounts(
        blog.id,
        counts([
          ['t0', 2, 3],
          ['ünïcödé 赌场', 0, 1],
        ]),
        { spam: 0, ham: 1 },
        2,
      );
      assert.equal(await repo.tokenTotal(blog.id), 1201);
      assert.deepEqual(await repo.corpus(blog.id), { spam: 1, ham: 1 });
      const got = await repo.tokenCounts(blog.id, ['t0', 't1199', 'ünïcödé 赌场', 'absent']);
      assert.deepEqual([...got].sort(), [
        ['t0', { spam: 3, ham: 3 }],
        ['t1199', { spam: 1, ham: 0 }],
        ['ünïcödé 赌场', { spam: 0, ham: 1 }],
      ]);
      await repo.addCounts(
        blog.id,
        counts([
          ['t1', -5, 0],
          ['t2', 0, -1],
          ['never', -1, -1],
        ]),
        { spam: -3, ham: 0 },
        3,
      );
      const after = await repo.tokenCounts(blog.id, ['t1', 't2', 'never']);
      assert.deepEqual([...after], [['t2', { spam: 1, ham: 0 }]], 't1 reached zero and went; t2 kept its spam count; never stays away');
      assert.deepEqual(await repo.corpus(blog.id), { spam: 0, ham: 1 });
    });

    test('prunes the least seen, stalest tokens down to the bound', async () => {
      const blog = await makeBlog(f.services);
      await repo.addCounts(
        blog.id,
        counts([
          ['old-rare', 1, 0],
          ['new-rare', 0, 1],
          ['common', 5, 5],
          ['other', 2, 0],
        ]),
        { spam: 0, ham: 0 },
        1,
      );
      await repo.addCounts(
        blog.id,
        counts([
          ['new-rare', 0, 0],
          ['other', 0, 0],
        ]),
        { spam: 0, ham: 0 },
        2,
      );
      await repo.addCounts(blog.id, counts([['new-rare', 1, -1]]), { spam: 0, ham: 0 }, 5);
      assert.equal(await repo.prune(blog.id, 4, 2), 0, 'within the bound');
      assert.equal(await repo.prune(blog.id, 3, 2), 2);
      assert.deepEqual([...(await repo.tokenCounts(blog.id, ['old-rare', 'new-rare', 'common', 'other'])).keys()].sort(), [
        'common',
        'other',
      ]);
    });

    test('a classifier says nothing until it has learned enough of both kinds, then scores', async () => {
      const blog = await makeBlog(f.services);
      const classifier = new SpamClassifier(repo, f.clock.now);
      const screen = new BayesScreen(classifier);
      const spam = '<p>Buy cheap viagra and cialis at https://pills.example now</p>';
      const ham = '<p>Lovely photos of the valley, which lens did you use?</p>';
      for (let i = 0; i < MIN_LEARNED_EACH; i++) await classifier.learn(blog.id, spam.replace('now', `now ${i}`), true);
      for (let i = 0; i < MIN_LEARNED_EACH - 1; i++) await classifier.learn(blog.id, ham, false);
      const probe = submissionOf(blog.id, { isSpam: true, authorName: 'x', authorEmail: '', authorUrl: '', bodyHtml: spam });
      assert.equal(await screen.screen(probe), null, 'one ham short');
      await classifier.learn(blog.id, ham, false);
      const result = await screen.screen(probe);
      assert.equal(result?.verdict, 'spam');
      assert.match(result.reason, /^spam score 0\.9\d$|^spam score 1\.00$/);
      assert.equal((await screen.screen({ ...probe, bodyHtml: ham }))?.verdict, 'publish');
      // Another blog learned nothing: its classifier has nothing to say.
      const other = await makeBlog(f.services);
      assert.equal(await screen.screen({ ...probe, blogId: other.id }), null);
      await classifier.unlearn(blog.id, ham, false);
      assert.equal(await screen.screen(probe), null, 'unlearning took the ham back');
    });

    test('a moderator decision is learned once, and a reversed one unlearned exactly', async () => {
      const g = await spamFixture(storage);
      const classifier = new SpamClassifier(repo, g.clock.now);
      const c = {
        isSpam: true,
        authorName: 'Best SEO',
        authorEmail: 'a@seo.example',
        authorUrl: 'https://seo.example',
        bodyHtml: '<p>rank first https://seo.example</p>',
      };
      const id = await storeComment(g, c, 'pending');
      const tokens = tokenize({ body: c.bodyHtml, authorName: c.authorName, authorEmail: c.authorEmail, authorUrl: c.authorUrl });
      assert.equal(await classifier.learnComment(g.blog.id, id, true), true);
      assert.equal(await classifier.learnComment(g.blog.id, id, true), false, 'the same decision again changes nothing');
      assert.deepEqual(await repo.corpus(g.blog.id), { spam: 1, ham: 0 });
      assert.deepEqual((await repo.tokenCounts(g.blog.id, tokens)).get('host:seo.example'), { spam: 1, ham: 0 });
      // The comment is edited, then marked "not spam": what was learned is what is taken back.
      await storage.db.updateTable('comments').set({ body_html: '<p>a different text</p>' }).where('id', '=', id).execute();
      assert.equal(await classifier.learnComment(g.blog.id, id, false), true);
      assert.deepEqual(await repo.corpus(g.blog.id), { spam: 0, ham: 1 });
      assert.equal((await repo.tokenCounts(g.blog.id, tokens)).get('host:seo.example'), undefined);
      assert.deepEqual((await repo.tokenCounts(g.blog.id, ['different'])).get('different'), { spam: 0, ham: 1 });
      // Inside another transaction (a moderation action's), learning goes with it: rolled back here.
      await assert.rejects(
        storage.db.transaction().execute(async (trx) => {
          await new SpamClassifier(new SpamRepository(trx), g.clock.now).learnComment(g.blog.id, id, true);
          throw new Error('the action failed');
        }),
        /the action failed/,
      );
      assert.deepEqual(await repo.corpus(g.blog.id), { spam: 0, ham: 1 });
      // A comment of another blog is not this blog's to learn.
      await assert.rejects(classifier.learnComment(f.blog.id, id, true), NotFoundError);
    });

    test('the bulk trainer learns live as ham and spam as spam, skips the rest, and is safe to run again', async () => {
      const g = await spamFixture(storage);
      const set = labelledComments({ ham: 30, spam: 30, heldOutShare: 0 }).train;
      const ids = [];
      for (const c of set) ids.push(await storeComment(g, c));
      await storeComment(g, set[0]!, 'pending');
      await storeComment(g, set[1]!, 'deleted');
      const post = await makePost(g.services, g.blog);
      await g.services.comments.addComment({
        blogId: g.blog.id,
        postId: post.id,
        authorName: 'x',
        body: '<p>live elsewhere</p>',
        status: 'live',
      });
      const first = await trainFromStoredComments(repo, g.blog.id, g.clock.now);
      assert.deepEqual(first, { considered: 61, learned: 61, spam: 30, ham: 31, pruned: 0 });
      assert.deepEqual(await trainFromStoredComments(repo, g.blog.id, g.clock.now), {
        considered: 61,
        learned: 0,
        spam: 30,
        ham: 31,
        pruned: 0,
      });
      // A spam comment approved since: the next run relearns it as ham.
      const spamId = ids[set.findIndex((c) => c.isSpam)]!;
      await storage.db.updateTable('comments').set({ status: 'live' }).where('id', '=', spamId).execute();
      assert.deepEqual(await trainFromStoredComments(repo, g.blog.id, g.clock.now), {
        considered: 61,
        learned: 1,
        spam: 29,
        ham: 32,
        pruned: 0,
      });
      // Deleting the blog's comments leaves no learned record behind.
      await storage.db.deleteFrom('comments').where('blog_id', '=', g.blog.id).execute();
      assert.equal((await repo.learned(g.blog.id, ids)).size, 0);
    });
  });
}
