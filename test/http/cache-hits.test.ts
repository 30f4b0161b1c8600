/**
 * Cache hits answered by the server's request listener before Fastify (src/server/cache-hits.ts), over
 * a real port: the same answer the full route gives (bytes, security headers, CSP, ETag, caching, Vary),
 * with no route handler run for it; HEAD without a body; 304 for a conditional request; a fresh page
 * once the blog changes; the view still counted; and never the shared page for a signed-in reader or
 * a private blog.
 */
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { postPath } from '../../src/domain/blogs/urls.js';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { BROWSER_UA, hostOf, startTestApp, type TestApp } from '../helpers/app.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const VARYING = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Route handlers Fastify ran (its diagnostics channel): a hit answered before Fastify runs none. */
let handled = 0;
const onHandler = () => void handled++;

for (const database of testDatabases) {
  describe(`cache hits answered before Fastify on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let origin: string;
    let blog: BlogRow;
    let post: PostRow;
    let owner: UserRow;

    /** One request on a port with the Host header given (fetch would send its own). */
    const request = (blogName: string, url: string, headers: Record<string, string> = {}, method = 'GET') =>
      new Promise<Answer>((resolve, reject) => {
        const sent = { method, headers: { host: hostOf(blogName), 'user-agent': BROWSER_UA, ...headers } };
        http
          .request(`${origin}${url}`, sent, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const kept = Object.entries(res.headers).filter(([name]) => !VARYING.has(name));
              resolve({
                status: res.statusCode!,
                headers: Object.fromEntries(kept) as Record<string, string>,
                body: Buffer.concat(chunks).toString(),
              });
            });
          })
          .on('error', reject)
          .end();
      });
    /** The answer, and how many route handlers ran for it. */
    const handlersFor = async (answer: () => Promise<Answer>): Promise<[Answer, number]> => {
      const before = handled;
      const result = await answer();
      return [result, handled - before];
    };

    before(async () => {
      diagnostics.subscribe('tracing:fastify.request.handler:start', onHandler);
      t = await startTestApp(database, { pageCacheSeconds: 60 });
      origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
      blog = await makeBlog(t.services);
      owner = await t.services.users.createUser({ email: `hits-${database.name}@example.com`, displayName: 'Owner' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      post = await makePost(t.services, blog, { title: 'Cached and quick', body: '<p>Words.</p>' });
    });
    after(async () => {
      diagnostics.unsubscribe('tracing:fastify.request.handler:start', onHandler);
      await t.close();
    });

    test('a hit sends the bytes and headers the route sent, without Fastify', async () => {
      for (const url of [postPath(post), '/']) {
        const [first, firstHandlers] = await handlersFor(() => request(blog.name, url));
        const [second, secondHandlers] = await handlersFor(() => request(blog.name, url));
        assert.equal(firstHandlers, 1);
        assert.equal(secondHandlers, 0, 'the second GET is answered from the cache');
        assert.equal(first.status, 200);
        assert.equal(second.status, 200);
        assert.equal(second.body, first.body);
        assert.deepEqual(second.headers, first.headers);
        assert.equal(second.headers['cache-control'], 'public, max-age=0, s-maxage=60, stale-while-revalidate=60');
        assert.match(second.headers['content-security-policy']!, /default-src 'self'/);
        assert.equal(second.headers['x-content-type-options'], 'nosniff');
        assert.equal(second.headers.vary, 'Accept-Encoding');
        assert.equal(Number(second.headers['content-length']), Buffer.byteLength(second.body));
      }
    });

    test('HEAD has the headers and no body; a conditional request gets 304 from the route', async () => {
      const full = await request(blog.name, postPath(post));
      const [head, headHandlers] = await handlersFor(() => request(blog.name, postPath(post), {}, 'HEAD'));
      assert.equal(headHandlers, 0);
      assert.equal(head.status, 200);
      assert.equal(head.body, '');
      assert.equal(head.headers.etag, full.headers.etag);
      assert.equal(head.headers['content-length'], full.headers['content-length']);
      const again = await request(blog.name, postPath(post), { 'if-none-match': full.headers.etag! });
      assert.equal(again.status, 304);
      assert.equal(again.body, '');
    });

    test('a view served from the cache is counted', async () => {
      await request(blog.name, postPath(post));
      const countedBefore = await counted();
      const [, handlers] = await handlersFor(() => request(blog.name, postPath(post), { 'user-agent': `${BROWSER_UA} another` }));
      assert.equal(handlers, 0);
      assert.equal(await counted(), countedBefore + 1);
    });

    test('a change to the blog is seen at once', async () => {
      const before = await request(blog.name, '/');
      await makePost(t.services, blog, { title: 'Fresh news', body: '<p>New.</p>' });
      const afterChange = await request(blog.name, '/');
      assert.doesNotMatch(before.body, /Fresh news/);
      assert.match(afterChange.body, /Fresh news/);
    });

    test("a change another process tells of is seen at once, though this process's hits were found before it", async () => {
      const told = await makePost(t.services, blog, { title: 'As first written', body: '<p>Words.</p>' });
      await request(blog.name, postPath(told));
      const [first, handlers] = await handlersFor(() => request(blog.name, postPath(told)));
      assert.equal(handlers, 0);
      assert.match(first.body, /As first written/);
      // Another process's edit: the database changes, and this process only hears of it (cluster-link.ts).
      const { repositories } = t.services;
      await repositories.posts.update(blog.id, told.id, { title: 'As edited elsewhere' });
      await repositories.blogs.touch(blog.id, Date.now() + 1000);
      t.services.blogs.forgetHostsForPeer();
      const [edited, editedHandlers] = await handlersFor(() => request(blog.name, postPath(told)));
      assert.equal(editedHandlers, 1);
      assert.match(edited.body, /As edited elsewhere/);
      const [again, againHandlers] = await handlersFor(() => request(blog.name, postPath(told)));
      assert.equal(againHandlers, 0, 'the new page is a hit again');
      assert.equal(again.body, edited.body);
    });

    test('the same path on another host or scheme is its own hit', async () => {
      const other = await makeBlog(t.services);
      await makePost(t.services, other, { title: 'The other home' });
      for (const name of [blog.name, other.name]) await request(name, '/');
      const [mine, otherHome] = [await request(blog.name, '/'), await request(other.name, '/')];
      assert.doesNotMatch(mine.body, /The other home/);
      assert.match(otherHome.body, /The other home/);
      // Without TRUST_PROXY a forwarded scheme is ignored: the same page and headers as plain HTTP.
      const forwarded = await request(blog.name, '/', { 'x-forwarded-proto': 'https' });
      assert.equal(forwarded.body, mine.body);
      assert.deepEqual(forwarded.headers, mine.headers);
    });

    test('a signed-in reader never gets the shared page', async () => {
      await request(blog.name, postPath(post));
      const session = await t.services.sessions.start(owner);
      const [mine, handlers] = await handlersFor(() => request(blog.name, postPath(post), { cookie: `dastan_session=${session.token}` }));
      assert.equal(handlers, 1);
      assert.equal(mine.status, 200);
      assert.equal(mine.headers['cache-control'], 'private, no-store');
    });

    test('a blog made private is no longer answered from the cache', async () => {
      const hidden = await makeBlog(t.services);
      const hiddenPost = await makePost(t.services, hidden, { title: 'Only for readers' });
      await request(hidden.name, postPath(hiddenPost));
      const [cached, handlers] = await handlersFor(() => request(hidden.name, postPath(hiddenPost)));
      assert.equal(handlers, 0);
      assert.match(cached.body, /Only for readers/);
      await t.services.blogs.updateSettings(hidden.id, { visibility: 'private' });
      for (let i = 0; i < 2; i++) {
        const page = await request(hidden.name, postPath(hiddenPost));
        assert.match(page.headers['cache-control']!, /no-store/);
        assert.match(page.body, /This blog is private/);
        assert.doesNotMatch(page.body, /Only for readers/);
      }
    });

    test('a hit holds no longer than the host lookup it was found through', async () => {
      await request(blog.name, postPath(post));
      const [, hitHandlers] = await handlersFor(() => request(blog.name, postPath(post)));
      assert.equal(hitHandlers, 0);
      // Past the host lookup's few seconds: Fastify looks the host up again, and the hit is found anew.
      t.clock.advance(6_000);
      const [, lookupHandlers] = await handlersFor(() => request(blog.name, postPath(post)));
      assert.equal(lookupHandlers, 1);
      const [, againHandlers] = await handlersFor(() => request(blog.name, postPath(post)));
      assert.equal(againHandlers, 0);
    });

    test('an unknown host and an unknown path are not answered from the cache', async () => {
      await request(blog.name, postPath(post));
      assert.equal((await request('nosuchblog', postPath(post))).status, 404);
      assert.equal((await request(blog.name, '/2020/01/nothing-here.html')).status, 404);
    });

    async function counted(): Promise<number> {
      await new Promise((r) => setImmediate(r));
      await t.services.viewCounter.flush();
      return t.services.repositories.views.totalFor(post.id);
    }
  });
}
