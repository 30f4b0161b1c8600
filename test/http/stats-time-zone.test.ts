/**
 * A blog's days follow its time zone, on both databases: a view counted at 20:00 UTC on 20 November
 * is a view of 21 November for a blog in Asia/Kolkata (UTC+5:30) — in its daily rows, its 30-day
 * chart, its popular posts' 7-day window — and the 24-hour chart labels the hour by the blog's clock
 * (01:30). A blog in UTC viewed at the same moment keeps 20 November.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import { testDatabases } from '../helpers/databases.js';
import { BROWSER_UA, hostOf, startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost, TestClock } from '../helpers/factories.js';

for (const database of testDatabases) {
  describe(`stats in the blog's time zone on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let kolkata: BlogRow;
    let utc: BlogRow;
    const posts = new Map<string, PostRow>();

    before(async () => {
      t = await startTestApp(database, { clock: new TestClock(Date.parse('2026-11-20T20:00:00Z')) });
      kolkata = await makeBlog(t.services, { name: 'kolkata', timeZone: 'Asia/Kolkata' });
      utc = await makeBlog(t.services, { name: 'greenwich' });
      for (const blog of [kolkata, utc]) {
        const post = await makePost(t.services, blog, { title: `Read in ${blog.name}` });
        posts.set(blog.id, post);
        for (let i = 0; i < 3; i++)
          await t.app.inject({
            url: postPath(post),
            remoteAddress: `198.51.100.${i}`,
            headers: { host: hostOf(blog.name), 'user-agent': BROWSER_UA },
          });
      }
      await t.services.viewCounter.flush();
    });
    after(() => t.close());

    test('the daily rows are the blog’s days', async () => {
      const rows = await t.services.storage.db.selectFrom('post_views_daily').select(['blog_id', 'day', 'views']).orderBy('day').execute();
      assert.deepEqual(
        rows.map((r) => [r.blog_id, r.day, Number(r.views)]),
        [
          [utc.id, '2026-11-20', 3],
          [kolkata.id, '2026-11-21', 3],
        ],
      );
      const ranked = await t.services.popular.forBlog({ ...kolkata, popular_window: '7d' });
      assert.deepEqual(
        ranked.map((r) => [r.post.id, r.views]),
        [[posts.get(kolkata.id)!.id, 3]],
      );
    });

    test('the 30-day chart ends on the blog’s today, and hours carry its clock', async () => {
      const owner = await t.services.users.createUser({ email: `tz-${database.name}@example.com`, displayName: 'Owner' });
      await t.services.users.addMember(kolkata.id, owner.id, 'owner');
      await t.services.users.addMember(utc.id, owner.id, 'owner');
      const client = await new Client(t.app).signInAs(t.services, owner);

      const days = (await client.get('/admin/blogs/kolkata/stats.csv?table=days')).body.split('\r\n');
      assert.equal(days[0], 'day (Asia/Kolkata),views');
      assert.equal(days[1], '2026-10-23,0');
      assert.equal(days[30], '2026-11-21,3');
      const hours = (await client.get('/admin/blogs/kolkata/stats.csv?table=hours')).body.split('\r\n');
      assert.equal(hours[0], 'hour (Asia/Kolkata),views');
      assert.equal(hours[1], '2026-11-20 02:30,0');
      assert.equal(hours[24], '2026-11-21 01:30,3');
      const page = (await client.get('/admin/blogs/kolkata/stats')).body;
      assert.match(page, /Days and hours are in the blog(&apos;|&#39;|')s time zone, <bdi>Asia\/Kolkata<\/bdi>\./);
      assert.match(page, /the busiest day was <bdi>Nov 21, 2026<\/bdi> with 3\./);

      const utcDays = (await client.get('/admin/blogs/greenwich/stats.csv?table=days')).body.split('\r\n');
      assert.equal(utcDays[30], '2026-11-20,3');
      const utcHours = (await client.get('/admin/blogs/greenwich/stats.csv?table=hours')).body.split('\r\n');
      assert.equal(utcHours[24], '2026-11-20 20:00,3');
    });
  });
}
