/**
 * Counting only readers, over real requests and both databases: crawlers and link previews, prefetches,
 * HEAD, the blog's own members and a reader's repeats do not count; different readers do; referrer
 * domains and device classes are kept; a page from the page cache still counts; the beacon counts
 * instead of the page when a blog turns it on.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import { testDatabases } from '../helpers/databases.js';
import { BROWSER_UA, hostOf, startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';

/** Real user agents of crawlers, link-preview fetchers and scripts, as they arrive. */
export const CRAWLERS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'Twitterbot/1.0',
  'curl/8.5.0',
  'Wget/1.21.4',
  'python-requests/2.31.0',
  'WhatsApp/2.23.20.0 A',
  'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
  'TelegramBot (like TwitterBot)',
  'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
  'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com',
  'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
  'DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)',
  'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; GPTBot/1.1; +https://openai.com/gptbot',
  'Pinterestbot/1.0 (+http://www.pinterest.com/bot.html)',
  'Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)',
  'http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/)',
  'Iframely/1.3.1 (+https://iframely.com/docs/about)',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
  '',
];

const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
const TABLET_UA =
  'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

for (const database of testDatabases) {
  describe(`counting views on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let post: PostRow;
    let owner: UserRow;
    let stranger: UserRow;
    let reader = 0;

    /** A GET of the post from a reader's own address. */
    const view = (headers: Record<string, string> = {}, address = `203.0.113.${++reader % 250}`, method: 'GET' | 'HEAD' = 'GET') =>
      t.app.inject({
        method,
        url: postPath(post),
        remoteAddress: address,
        headers: { host: hostOf(blog.name), 'user-agent': BROWSER_UA, ...headers },
      });
    const counted = async () => {
      await new Promise((r) => setImmediate(r));
      await t.services.viewCounter.flush();
      return t.services.repositories.views.totalFor(post.id);
    };

    before(async () => {
      // The page cache is on: a page served from it must still count.
      t = await startTestApp(database, { pageCacheSeconds: 60 });
      blog = await makeBlog(t.services);
      owner = await t.services.users.createUser({ email: `owner-${database.name}@example.com`, displayName: 'Owner' });
      stranger = await t.services.users.createUser({ email: `other-${database.name}@example.com`, displayName: 'Other' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      const other = await makeBlog(t.services);
      await t.services.users.addMember(other.id, stranger.id, 'owner');
    });
    beforeEach(async () => {
      post = await makePost(t.services, blog);
    });
    after(() => t.close());

    test('crawlers, link previews and scripts never count', async () => {
      for (const ua of CRAWLERS) assert.equal((await view({ 'user-agent': ua })).statusCode, 200, ua);
      assert.equal(await counted(), 0);
    });

    test('the same reader reloading 10 times counts once; two readers count twice', async () => {
      for (let i = 0; i < 10; i++) assert.equal((await view({}, '198.51.100.7')).statusCode, 200);
      assert.equal(await counted(), 1);
      await view({}, '198.51.100.8');
      assert.equal(await counted(), 2);
      // The same address with another browser is another reader.
      await view({ 'user-agent': PHONE_UA }, '198.51.100.7');
      assert.equal(await counted(), 3);
    });

    test('a repeat counts again after 30 minutes', async () => {
      await view({}, '198.51.100.9');
      t.clock.advance(29 * 60_000);
      await view({}, '198.51.100.9');
      assert.equal(await counted(), 1);
      t.clock.advance(2 * 60_000);
      await view({}, '198.51.100.9');
      assert.equal(await counted(), 2);
    });

    test('prefetches, prerenders and HEAD do not count', async () => {
      assert.equal((await view({ 'sec-purpose': 'prefetch' })).statusCode, 200);
      await view({ 'sec-purpose': 'prefetch;prerender' });
      await view({ purpose: 'prefetch' });
      assert.equal((await view({}, '192.0.2.1', 'HEAD')).statusCode, 200);
      assert.equal(await counted(), 0);
      await view();
      assert.equal(await counted(), 1);
    });

    test("the blog's own members do not count; a member of another blog does", async () => {
      const own = await new Client(t.app, hostOf(blog.name)).signInAs(t.services, owner);
      for (let i = 0; i < 3; i++) assert.equal((await own.get(postPath(post))).statusCode, 200);
      assert.equal(await counted(), 0);
      const other = await new Client(t.app, hostOf(blog.name)).signInAs(t.services, stranger);
      await other.get(postPath(post));
      assert.equal(await counted(), 1);
      // A made-up session cookie is a reader like any other.
      await view({ cookie: 'dastan_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
      assert.equal(await counted(), 2);
    });

    test('referrer domains (external only, normalized) and device classes are counted per day', async () => {
      await view({ referer: 'https://www.Google.com/search?q=secret+words', 'user-agent': PHONE_UA });
      await view({ referer: 'https://google.com/', 'user-agent': TABLET_UA });
      await view({ referer: `http://${hostOf(blog.name)}/`, 'user-agent': BROWSER_UA });
      await view({ referer: 'android-app://com.example/' });
      await view({ referer: 'https://news.ycombinator.com/item?id=1' });
      assert.equal(await counted(), 5);
      const referrers = await t.services.repositories.viewStats.facets(blog.id, 'referrer', '2026-01-01', 10);
      const google = referrers.find((r) => r.value === 'google.com');
      assert.ok(google && google.views >= 2, JSON.stringify(referrers));
      assert.ok(referrers.some((r) => r.value === 'news.ycombinator.com'));
      assert.ok(!referrers.some((r) => r.value.includes(blog.name) || r.value.includes('/') || r.value.includes('android')));
      const devices = await t.services.repositories.viewStats.facets(blog.id, 'device', '2026-01-01', 3);
      for (const kind of ['phone', 'tablet', 'desktop'])
        assert.ok(
          devices.some((d) => d.value === kind && d.views > 0),
          kind,
        );
      const hour = new Date(t.clock.ms).toISOString().slice(0, 13);
      assert.ok((await t.services.repositories.viewStats.hourly(blog.id, hour))[0]!.views >= 5);
      assert.ok((await t.services.repositories.viewStats.viewsSinceMinute(blog.id, hour)) >= 5);
    });

    test('with the beacon on, the page carries it and does not count; the beacon counts by the same rules', async () => {
      const beaconBlog = await makeBlog(t.services);
      await t.services.repositories.viewStats.setBeacon(beaconBlog.id, true, t.clock.ms);
      t.services.blogs.forgetHosts();
      const p = await makePost(t.services, beaconBlog);
      const host = hostOf(beaconBlog.name);
      const page = await t.app.inject({ url: postPath(p), remoteAddress: '198.51.100.20', headers: { host, 'user-agent': BROWSER_UA } });
      assert.match(page.body, new RegExp(`<script src="/_dastan/beacon.js" data-post="${p.id}" defer></script>`));
      const beacon = (ua: string, address: string, body = JSON.stringify({ p: p.id, r: 'https://duckduckgo.com/' })) =>
        t.app.inject({
          method: 'POST',
          url: '/_dastan/view',
          remoteAddress: address,
          headers: { host, 'user-agent': ua, 'content-type': 'text/plain;charset=UTF-8' },
          payload: body,
        });
      await new Promise((r) => setImmediate(r));
      await t.services.viewCounter.flush();
      assert.equal(await t.services.repositories.views.totalFor(p.id), 0, 'the page request itself does not count');
      assert.equal((await beacon(BROWSER_UA, '198.51.100.20')).statusCode, 204);
      await beacon(BROWSER_UA, '198.51.100.20');
      await beacon(CRAWLERS[0]!, '198.51.100.21');
      assert.equal((await beacon(BROWSER_UA, '198.51.100.22', 'not json')).statusCode, 204);
      await beacon(BROWSER_UA, '198.51.100.23', JSON.stringify({ p: post.id }));
      await t.services.viewCounter.flush();
      assert.equal(await t.services.repositories.views.totalFor(p.id), 1);
      assert.equal(await t.services.repositories.views.totalFor(post.id), 0, "another blog's post is not counted by this blog's beacon");
      const referrers = await t.services.repositories.viewStats.facets(beaconBlog.id, 'referrer', null, 10);
      assert.deepEqual(referrers, [{ value: 'duckduckgo.com', views: 1 }]);
      const script = await t.app.inject({ url: '/_dastan/beacon.js', headers: { host } });
      assert.match(script.body, /sendBeacon/);
    });
  });
}
