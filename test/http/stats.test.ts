/**
 * The stats dashboard over real data on both databases: who may open it, what it shows (four charts
 * each with its table, right now, top posts, referrers, devices), the CSV downloads (formula-safe),
 * refused input, and the beacon switch.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import { testDatabases } from '../helpers/databases.js';
import { BROWSER_UA, hostOf, startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

for (const database of testDatabases) {
  describe(`stats dashboard on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let popular: PostRow;
    let formula: PostRow;
    const users = new Map<string, UserRow>();

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'stats' });
      const other = await makeBlog(t.services, { name: 'elsewhere' });
      for (const role of ['owner', 'admin', 'author', 'contributor'] as const) {
        const user = await t.services.users.createUser({ email: `${role}-${database.name}@example.com`, displayName: role });
        await t.services.users.addMember(blog.id, user.id, role);
        users.set(role, user);
      }
      const stranger = await t.services.users.createUser({ email: `stranger-${database.name}@example.com` });
      await t.services.users.addMember(other.id, stranger.id, 'owner');
      users.set('stranger', stranger);
      popular = await makePost(t.services, blog, { title: 'The popular one' });
      formula = await makePost(t.services, blog, { title: '=HYPERLINK("http://evil.example","x")' });
      const view = (post: PostRow, address: string, headers: Record<string, string> = {}) =>
        t.app.inject({
          url: postPath(post),
          remoteAddress: address,
          headers: { host: hostOf(blog.name), 'user-agent': BROWSER_UA, ...headers },
        });
      for (let i = 0; i < 6; i++) await view(popular, `198.51.100.${i}`, { referer: 'https://news.example.org/front' });
      for (let i = 0; i < 3; i++) await view(formula, `198.51.100.${i}`, { 'user-agent': PHONE_UA });
      // Older views, written as the daily totals a flush would have made 40 days ago.
      await t.services.repositories.views.addCounts([{ blogId: blog.id, postId: popular.id, day: '2026-10-11', views: 20 }]);
      await t.services.viewCounter.flush();
    });
    after(() => t.close());

    test('the owner sees four charts, each with its table, and the figures', async () => {
      const owner = await new Client(t.app).signInAs(t.services, users.get('owner')!);
      const res = await owner.get('/admin/blogs/stats/stats');
      assert.equal(res.statusCode, 200);
      const page = res.body;
      assert.equal((page.match(/<svg class="bar-chart wide" role="img" aria-labelledby="chart-/g) ?? []).length, 4);
      for (const id of ['hours', 'days', 'months', 'all-time']) assert.match(page, new RegExp(`<figure class="chart" id="chart-${id}">`));
      assert.equal(
        (page.match(/<g class="bar">/g) ?? []).length,
        24 + 30 + 12 + 2,
        'a bar per hour, day and month (all time: Oct and Nov)',
      );
      assert.match(page, /<g class="bar"><title>\u2068Nov 20, 2026\u2069: 9 views<\/title>/, 'each bar has a tooltip with its date');
      assert.match(page, /<text class="x-label( minor)?( last)?" [^>]*>Nov 20<\/text>/, 'dates under the bars');
      assert.match(page, /<text class="x-label minor" /, 'every other date is left out on a phone');
      assert.match(page, /<text class="y-label" [^>]*>0<\/text>/, 'a y axis');
      assert.match(page, /<strong class="big-number">9<\/strong> views in the last 60 minutes/);
      assert.match(page, /29 views in all; the busiest month was <bdi>Oct 2026<\/bdi> with 20\./);
      assert.match(page, /9 views in all; the busiest hour was <bdi>Nov 20, 12:00<\/bdi> with 9\./);
      assert.match(page, /Days and hours are in the blog(&apos;|&#39;|')s time zone, <bdi>UTC<\/bdi>\./);
      assert.match(page, /<td>Oct 2026<\/td><td class="num">20<\/td>/);
      assert.match(page, /<a href="http:\/\/[a-z.]+\/\d{4}\/\d{2}\/[^"]+">The popular one<\/a><\/td><td class="num">6<\/td>/);
      assert.match(page, /<td>news\.example\.org<\/td><td class="num">6<\/td>/);
      assert.match(page, /<td>Phone<\/td><td class="num">3<\/td><td class="num">33%<\/td>/);
      assert.match(page, /href="\/admin\/blogs\/stats\/stats"[^>]*>(<svg[^]*?<\/svg>)?Stats<\/a>/, 'linked in the blog menu');
      // The chosen window: the default 30 days (and 7) leave out October's 20; all time has them.
      const all = await owner.get('/admin/blogs/stats/stats?window=all');
      assert.match(all.body, /The popular one<\/a><\/td><td class="num">26<\/td>/);
      assert.match(all.body, /<option value="all" selected>/);
    });

    test('each table downloads as CSV, formulas kept as text', async () => {
      const owner = await new Client(t.app).signInAs(t.services, users.get('owner')!);
      const csv = await owner.get('/admin/blogs/stats/stats.csv?table=posts&window=all');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="stats-posts-all\.csv"/);
      const lines = csv.body.split('\r\n');
      assert.equal(lines[0], 'title,address,views');
      assert.match(lines[1]!, /^The popular one,http:\/\/\S*\.html,26$/);
      assert.match(lines[2]!, /^"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)",\S+,3$/);
      for (const table of ['hours', 'days', 'months', 'all-time', 'referrers', 'devices']) {
        const res = await owner.get(`/admin/blogs/stats/stats.csv?table=${table}`);
        assert.equal(res.statusCode, 200, table);
        assert.match(res.body, /,views\r\n/);
      }
      const days = await owner.get('/admin/blogs/stats/stats.csv?table=days');
      assert.equal(days.body.split('\r\n').length, 32, 'a header, 30 days and the last line end');
    });

    test('one post’s views by day, reached from the posts list', async () => {
      const owner = await new Client(t.app).signInAs(t.services, users.get('owner')!);
      const list = (await owner.get('/admin/blogs/stats/posts')).body;
      const href = `/admin/blogs/stats/stats/posts/${popular.id}`;
      assert.match(
        list,
        new RegExp(`<a href="${href}">26<span class="visually-hidden"> \\(views by day\\)</span></a>`),
        'all-time views, linked',
      );
      const res = await owner.get(href);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Views of “\u2068The popular one\u2069”<\/h1>/);
      assert.equal((res.body.match(/<g class="bar">/g) ?? []).length, 30, 'a bar a day, for 30 days');
      assert.match(res.body, /<title>\u2068Nov 20, 2026\u2069: 6 views<\/title>/, 'only this post’s views');
      assert.match(res.body, /Views in the last 30 days: 6\. The busiest day: \u2068Nov 20, 2026\u2069, with 6\./);
      assert.match(res.body, /<td>Nov 20, 2026<\/td><td class="num">6<\/td>/);
      assert.match(res.body, /<p class="back"><a href="\/admin\/blogs\/stats\/posts">Back to the posts<\/a><\/p>/);
      assert.equal((await owner.get('/admin/blogs/stats/stats/posts/123456789')).statusCode, 404);
      assert.equal((await owner.get('/admin/blogs/stats/stats/posts/nope')).statusCode, 404);
      const author = await new Client(t.app).signInAs(t.services, users.get('author')!);
      assert.equal((await author.get(href)).statusCode, 403);
      assert.doesNotMatch(
        (await author.get('/admin/blogs/stats/posts')).body,
        /\/stats\/stats\/posts\//,
        'no link for those who may not see stats',
      );
      const stranger = await new Client(t.app).signInAs(t.services, users.get('stranger')!);
      assert.equal((await stranger.get(href)).statusCode, 404);
    });

    test('bad input gets a 400 and a message', async () => {
      const owner = await new Client(t.app).signInAs(t.services, users.get('owner')!);
      const badWindow = await owner.get('/admin/blogs/stats/stats?window=forever');
      assert.equal(badWindow.statusCode, 400);
      assert.match(badWindow.body, /choose a window/);
      assert.equal((await owner.get('/admin/blogs/stats/stats.csv?table=secrets')).statusCode, 400);
      assert.equal((await owner.get('/admin/blogs/stats/stats.csv')).statusCode, 400);
    });

    test('admins see the stats; authors and contributors are refused; another blog’s owner gets nothing', async () => {
      const admin = await new Client(t.app).signInAs(t.services, users.get('admin')!);
      assert.equal((await admin.get('/admin/blogs/stats/stats')).statusCode, 200);
      for (const role of ['author', 'contributor']) {
        const client = await new Client(t.app).signInAs(t.services, users.get(role)!);
        const res = await client.get('/admin/blogs/stats/stats');
        assert.equal(res.statusCode, 403, role);
        assert.doesNotMatch(res.body, /news\.example\.org/);
        assert.doesNotMatch((await client.get('/admin/blogs/stats/posts')).body, /href="\/admin\/blogs\/stats\/stats"/);
        assert.equal((await client.get('/admin/blogs/stats/stats.csv?table=referrers')).statusCode, 403);
      }
      const stranger = await new Client(t.app).signInAs(t.services, users.get('stranger')!);
      const res = await stranger.get('/admin/blogs/stats/stats');
      assert.equal(res.statusCode, 404);
      assert.doesNotMatch(res.body, /news\.example\.org|popular one/);
      assert.equal((await stranger.get('/admin/blogs/stats/stats.csv?table=referrers')).statusCode, 404);
      const anonymous = await new Client(t.app).get('/admin/blogs/stats/stats');
      assert.equal(anonymous.statusCode, 303);
    });

    test('the beacon switch needs the form token, and changes the pages', async () => {
      const owner = await new Client(t.app, hostOf(blog.name)).signInAs(t.services, users.get('owner')!);
      await owner.get('/admin/blogs/stats/stats');
      assert.equal((await owner.post('/admin/blogs/stats/stats/beacon', { beacon: 'on' }, { csrf: null })).statusCode, 403);
      assert.equal((await t.services.repositories.blogs.findByName('stats'))!.view_beacon, 0);
      assert.equal((await owner.post('/admin/blogs/stats/stats/beacon', { beacon: 'maybe' })).statusCode, 400);
      const on = await owner.post('/admin/blogs/stats/stats/beacon', { beacon: 'on' });
      assert.equal(on.statusCode, 303);
      assert.equal((await t.services.repositories.blogs.findByName('stats'))!.view_beacon, 1);
      assert.match((await t.get('stats', postPath(popular))).body, /data-post="\d+" defer><\/script>/);
      await owner.get('/admin/blogs/stats/stats');
      await owner.post('/admin/blogs/stats/stats/beacon', { beacon: 'off' });
      assert.doesNotMatch((await t.get('stats', postPath(popular))).body, /_dastan\/beacon\.js/);
    });
  });
}
