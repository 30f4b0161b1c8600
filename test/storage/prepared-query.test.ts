import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost, servicesFor, TestClock } from '../helpers/factories.js';
import { preparedQuery } from '../../src/storage/prepared-query.js';
import type { Storage } from '../../src/storage/database.js';
import type { Services } from '../../src/services.js';

for (const database of testDatabases) {
  describe(`prepared queries on ${database.name}`, { skip: database.skip }, () => {
    let storage: Storage;
    let services: Services;
    const clock = new TestClock();

    before(async () => {
      storage = await database.open();
      services = servicesFor(storage, clock);
    });
    after(() => storage.close());

    test('one compiled query answers each call with that call’s values', async () => {
      const a = await makeBlog(services);
      const b = await makeBlog(services);
      const at = Date.parse('2026-04-02T10:00:00Z');
      const pa = await makePost(services, a, { title: 'Shared', publishedAt: at });
      const pb = await makePost(services, b, { title: 'Shared', publishedAt: at });
      const posts = services.repositories.posts;
      // Twice each, in turn: the second calls run the query compiled by the first.
      for (let round = 0; round < 2; round++) {
        assert.equal((await posts.findLivePost(a.id, 2026, 4, 'shared'))?.id, pa.id);
        assert.equal((await posts.findLivePost(b.id, 2026, 4, 'shared'))?.id, pb.id);
        assert.equal(await posts.findLivePost(a.id, 2026, 5, 'shared'), undefined);
      }
    });

    test('lists of different lengths and absent values each get their own query', async () => {
      const blog = await makeBlog(services);
      const at = Date.parse('2026-05-02T10:00:00Z');
      const one = await makePost(services, blog, { title: 'One', labels: ['b', 'a'], publishedAt: at });
      const two = await makePost(services, blog, { title: 'Two', labels: ['c'], publishedAt: at + 1000 });
      const posts = services.repositories.posts;
      assert.deepEqual([...(await posts.labelsOf([one.id]))], [[one.id, ['a', 'b']]]);
      assert.deepEqual(
        [...(await posts.labelsOf([one.id, two.id]))],
        [
          [one.id, ['a', 'b']],
          [two.id, ['c']],
        ],
      );
      const query = preparedQuery(storage.db, (q: { blogId: string; title?: string }) => {
        let select = storage.db.selectFrom('posts').select('id').where('blog_id', '=', q.blogId);
        if (q.title !== undefined) select = select.where('title', '=', q.title);
        return select.orderBy('id');
      });
      assert.deepEqual(
        (await query({ blogId: blog.id, title: 'Two' })).map((r) => r.id),
        [two.id],
      );
      assert.deepEqual(
        (await query({ blogId: blog.id })).map((r) => r.id),
        [one.id, two.id].sort(),
      );
      assert.deepEqual(
        (await query({ blogId: blog.id, title: 'One' })).map((r) => r.id),
        [one.id],
      );
    });

    test('a value used as more than a query value is refused, not run', async () => {
      const query = preparedQuery(storage.db, (q: { limit: number }) =>
        storage.db
          .selectFrom('posts')
          .select('id')
          .limit(q.limit + 1),
      );
      await assert.rejects(() => query({ limit: 5 }), /placeholder/);
    });
  });
}
