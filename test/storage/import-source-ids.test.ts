/**
 * The source IDs of a blog's imported posts and comments, which an import reads before it writes
 * (so it adds nothing twice), come a page at a time: every row once, whatever the page size — also
 * two rows with the same source ID on either side of a page's end — and none of another blog's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost, servicesFor, TestClock } from '../helpers/factories.js';
import type { Storage } from '../../src/storage/database.js';
import type { Services } from '../../src/services.js';

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

const bySource = (a: { sourceId: string; id: string }, b: { sourceId: string; id: string }) =>
  a.sourceId.localeCompare(b.sourceId) || a.id.localeCompare(b.id);

for (const database of testDatabases) {
  describe(`imported source IDs on ${database.name}`, { skip: database.skip }, () => {
    let storage: Storage;
    let services: Services;
    const clock = new TestClock();

    before(async () => {
      storage = await database.open();
      services = servicesFor(storage, clock);
    });
    after(() => storage.close());

    test('every imported post and comment of the blog comes once, whatever the page size', async () => {
      const blog = await makeBlog(services);
      const other = await makeBlog(services);
      await makePost(services, other, { sourceId: 'other:post:1' });
      await makePost(services, blog, { title: 'Written here' });
      const posts = [];
      for (const sourceId of ['b:post:2', 'b:post:1', 'b:post:3', 'b:post:3', 'b:page:1']) {
        posts.push(await makePost(services, blog, { sourceId }));
      }
      const comments = [];
      for (const [i, sourceId] of ['b:comment:1', 'b:comment:2', 'b:comment:2', 'b:comment:3'].entries()) {
        const parent = comments.at(-1);
        const comment = await services.comments.addComment({
          blogId: blog.id,
          postId: posts[Math.min(i, 1)]!.id,
          parentId: i === 3 ? parent!.id : null,
          authorName: 'Reader',
          body: `Comment ${i}`,
          sourceId,
        });
        comments.push(comment);
      }

      const expectedPosts = posts.map((p) => ({ sourceId: p.source_id!, id: p.id })).sort(bySource);
      const expectedComments = comments
        .map((c) => ({ sourceId: c.source_id!, id: c.id, postId: c.post_id, hasParent: c.parent_id !== null }))
        .sort(bySource);
      for (const pageSize of [1, 2, 3, 5000]) {
        const readPosts = await collect(services.repositories.posts.sourceIds(blog.id, pageSize));
        assert.deepEqual(readPosts.sort(bySource), expectedPosts, `posts, pages of ${pageSize}`);
        const readComments = await collect(services.repositories.comments.sourceIds(blog.id, pageSize));
        assert.deepEqual(readComments.sort(bySource), expectedComments, `comments, pages of ${pageSize}`);
      }
      assert.equal(expectedComments.filter((c) => c.hasParent).length, 1);
    });
  });
}
