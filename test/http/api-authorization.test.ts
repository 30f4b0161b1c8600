/**
 * The Blogger API's authorization matrix, generated: every caller (owner, admin, author, contributor of
 * the blog; a signed-in stranger with a token of their own; anonymous) × every `/v3` route × the caller's
 * own blog or another × token level (read / write / admin) × their own post or a colleague's. The
 * expected answer is written once per route (EXPECTED below), from the product's rules, not from the
 * code; a route registered without an entry fails the first test. A refusal never carries the private
 * draft's words. A revoked or expired token gets 401 at once. On both databases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { postPath } from '../../src/domain/blogs/urls.js';

type Actor = 'owner' | 'admin' | 'author' | 'contributor' | 'stranger' | 'anonymous';
type Level = 'read' | 'write' | 'admin';
const ACTORS: Actor[] = ['owner', 'admin', 'author', 'contributor', 'stranger', 'anonymous'];
const LEVELS: Level[] = ['read', 'write', 'admin'];
const SECRET = 'Unpublished plans nobody else may read';

/** One cell of the matrix: who asks, with what token level, on which blog, about whose post. */
interface Cell {
  actor: Actor;
  level: Level | null;
  blog: 'own' | 'other';
  post: 'own' | 'colleague';
}

/** What the cell's caller is on the blog asked about (null: no one there). */
const roleThere = (c: Cell) => (c.blog === 'own' && c.actor !== 'stranger' && c.actor !== 'anonymous' ? c.actor : null);
const atLeast = (c: Cell, level: Level) => c.level !== null && LEVELS.indexOf(c.level) >= LEVELS.indexOf(level);
const isAdmin = (c: Cell) => ['owner', 'admin'].includes(roleThere(c) ?? '');
/** A member with a token that reaches this blog at `level`. */
const member = (c: Cell, level: Level) => roleThere(c) !== null && atLeast(c, level);
/** Whether the post in question is the caller's to change (Blogger's and Dastan's rules alike). */
const mayEdit = (c: Cell) => member(c, 'write') && (isAdmin(c) || (c.post === 'own' && roleThere(c) !== null));
const mayPublish = (c: Cell) => member(c, 'write') && (isAdmin(c) || (c.post === 'own' && roleThere(c) === 'author'));

type Expect = (c: Cell) => boolean;
const anyone: Expect = () => true;
const tokenHolder: Expect = (c) => c.actor !== 'anonymous';

/**
 * Each route's answer: true = 2xx, false = refused (401 without a token, else 403 or 404). Public blogs'
 * live content is for anyone; drafts for members reading with a token; writing posts as the role allows;
 * pages, moderation and stats for admins with a write (pages) or admin (moderation) token.
 */
const EXPECTED: Record<string, { call: 'blog' | 'draft' | 'live' | 'comment' | 'page'; allowed: Expect }> = {
  'GET /v3/blogs/byurl': { call: 'blog', allowed: anyone },
  'GET /v3/blogs/:blogId': { call: 'blog', allowed: anyone },
  'GET /v3/users/:userId': { call: 'blog', allowed: tokenHolder },
  'GET /v3/users/:userId/blogs': { call: 'blog', allowed: tokenHolder },
  'GET /v3/users/:userId/blogs/:blogId': { call: 'blog', allowed: tokenHolder },
  'GET /v3/blogs/:blogId/pageviews': { call: 'blog', allowed: (c) => isAdmin(c) && atLeast(c, 'read') },
  'GET /v3/blogs/:blogId/posts': { call: 'blog', allowed: anyone },
  'GET /v3/blogs/:blogId/posts/bypath': { call: 'live', allowed: anyone },
  'GET /v3/blogs/:blogId/posts/search': { call: 'blog', allowed: anyone },
  // A draft is its writer's: admins read every one, authors and contributors only their own.
  'GET /v3/blogs/:blogId/posts/:postId': { call: 'draft', allowed: (c) => member(c, 'read') && (isAdmin(c) || c.post === 'own') },
  // An insert publishes (isDraft is not sent), which a contributor may not do.
  'POST /v3/blogs/:blogId/posts': { call: 'blog', allowed: (c) => member(c, 'write') && roleThere(c) !== 'contributor' },
  'PUT /v3/blogs/:blogId/posts/:postId': { call: 'draft', allowed: mayEdit },
  'PATCH /v3/blogs/:blogId/posts/:postId': { call: 'draft', allowed: mayEdit },
  'DELETE /v3/blogs/:blogId/posts/:postId': { call: 'draft', allowed: mayEdit },
  'POST /v3/blogs/:blogId/posts/:postId/publish': { call: 'draft', allowed: mayPublish },
  'POST /v3/blogs/:blogId/posts/:postId/revert': { call: 'live', allowed: mayPublish },
  'GET /v3/users/:userId/blogs/:blogId/posts': { call: 'blog', allowed: tokenHolder },
  'GET /v3/users/:userId/blogs/:blogId/posts/:postId': { call: 'live', allowed: tokenHolder },
  'GET /v3/blogs/:blogId/pages': { call: 'blog', allowed: anyone },
  'GET /v3/blogs/:blogId/pages/:pageId': { call: 'page', allowed: anyone },
  'POST /v3/blogs/:blogId/pages': { call: 'blog', allowed: (c) => isAdmin(c) && atLeast(c, 'write') },
  'PUT /v3/blogs/:blogId/pages/:pageId': { call: 'page', allowed: (c) => isAdmin(c) && atLeast(c, 'write') },
  'PATCH /v3/blogs/:blogId/pages/:pageId': { call: 'page', allowed: (c) => isAdmin(c) && atLeast(c, 'write') },
  'DELETE /v3/blogs/:blogId/pages/:pageId': { call: 'page', allowed: (c) => isAdmin(c) && atLeast(c, 'write') },
  'POST /v3/blogs/:blogId/pages/:pageId/publish': { call: 'page', allowed: (c) => isAdmin(c) && atLeast(c, 'write') },
  'POST /v3/blogs/:blogId/pages/:pageId/revert': { call: 'page', allowed: (c) => isAdmin(c) && atLeast(c, 'write') },
  'GET /v3/blogs/:blogId/comments': { call: 'blog', allowed: anyone },
  'GET /v3/blogs/:blogId/posts/:postId/comments': { call: 'comment', allowed: anyone },
  'GET /v3/blogs/:blogId/posts/:postId/comments/:commentId': { call: 'comment', allowed: anyone },
  'POST /v3/blogs/:blogId/posts/:postId/comments/:commentId/approve': {
    call: 'comment',
    allowed: (c) => isAdmin(c) && atLeast(c, 'admin'),
  },
  'POST /v3/blogs/:blogId/posts/:postId/comments/:commentId/spam': { call: 'comment', allowed: (c) => isAdmin(c) && atLeast(c, 'admin') },
  'POST /v3/blogs/:blogId/posts/:postId/comments/:commentId/removecontent': {
    call: 'comment',
    allowed: (c) => isAdmin(c) && atLeast(c, 'admin'),
  },
  'DELETE /v3/blogs/:blogId/posts/:postId/comments/:commentId': { call: 'comment', allowed: (c) => isAdmin(c) && atLeast(c, 'admin') },
};

/** Every cell: anonymous has no token; the others one of each level (the stranger's reaches only their own blog). */
function* cells(): Generator<Cell> {
  for (const actor of ACTORS)
    for (const level of actor === 'anonymous' ? [null] : LEVELS)
      for (const blog of ['own', 'other'] as const) for (const post of ['own', 'colleague'] as const) yield { actor, level, blog, post };
}

for (const database of testDatabases) {
  describe(`the Blogger API's authorization matrix on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    const blogs = {} as Record<'own' | 'other', BlogRow>;
    const users = new Map<Actor | 'colleague' | 'otherOwner', UserRow>();
    const tokens = new Map<string, string>();

    before(async () => {
      t = await startTestApp(database);
      blogs.own = await makeBlog(t.services, { name: 'www', title: 'Own blog' });
      blogs.other = await makeBlog(t.services, { name: 'elsewhere', title: 'Other blog' });
      const strangersBlog = await makeBlog(t.services, { name: 'strangers', title: 'Stranger’s blog' });
      for (const who of ['owner', 'admin', 'author', 'contributor', 'stranger', 'colleague', 'otherOwner'] as const) {
        const user = await t.services.users.createUser({ email: `${who}-${database.name}@example.com` });
        users.set(who, user);
      }
      for (const role of ['owner', 'admin', 'author', 'contributor'] as const)
        await t.services.users.addMember(blogs.own.id, users.get(role)!.id, role);
      await t.services.users.addMember(blogs.own.id, users.get('colleague')!.id, 'author');
      await t.services.users.addMember(blogs.other.id, users.get('otherOwner')!.id, 'owner');
      await t.services.users.addMember(strangersBlog.id, users.get('stranger')!.id, 'owner');
      for (const actor of ACTORS.filter((a) => a !== 'anonymous'))
        for (const level of LEVELS) {
          const blog = actor === 'stranger' ? strangersBlog : blogs.own;
          tokens.set(
            `${actor}:${level}`,
            (await t.services.api.tokens.create(users.get(actor)!.id, `${level}`, [{ blog: blog.id, level }])).token,
          );
        }
    });
    after(() => t?.close());

    test('every /v3 route has its expected answer written down', () => {
      const routes = t.app.routeTable
        .map((r) => `${r.method} ${r.url}`)
        .filter((k) => /^[A-Z]+ \/v3\//.test(k) && !k.startsWith('OPTIONS'));
      const missing = routes.filter((k) => !EXPECTED[k]);
      assert.deepEqual(missing, [], 'a new API route needs its entry in EXPECTED');
      assert.deepEqual(
        Object.keys(EXPECTED).filter((k) => !routes.includes(k)),
        [],
        'an entry for a route that is gone',
      );
    });

    /** Fresh things for one cell to act on, so writes and deletes in one cell never change another's. */
    async function subjects(c: Cell) {
      const blog = blogs[c.blog];
      const author =
        c.blog === 'other' ? users.get('otherOwner')! : c.post === 'own' && roleThere(c) ? users.get(c.actor)! : users.get('colleague')!;
      const draft = await makePost(t.services, blog, { title: SECRET, draft: true, authorId: author.id });
      const live = await makePost(t.services, blog, { title: 'A live post', authorId: author.id });
      const page = await makePost(t.services, blog, { kind: 'page', title: 'A page', authorId: author.id });
      const comment = await t.services.comments.addComment({
        blogId: blog.id,
        postId: live.id,
        parentId: null,
        authorName: 'Reader',
        authorEmail: '',
        authorUrl: '',
        authorUserId: null,
        body: '<p>Nice</p>',
        status: 'live',
        reasons: '',
        addressHash: null,
        emailHash: null,
        notifyReplies: false,
      });
      return { blog, draft, live, page, comment };
    }

    function request(key: string, s: Awaited<ReturnType<typeof subjects>>) {
      const [method, pattern] = key.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
      const post: PostRow = EXPECTED[key]!.call === 'draft' ? s.draft : s.live;
      let url = pattern
        .replace(':blogId', s.blog.id)
        .replace(':userId', 'self')
        .replace(':postId', post.id)
        .replace(':pageId', s.page.id)
        .replace(':commentId', s.comment.id);
      if (url.endsWith('/byurl'))
        url += `?url=${encodeURIComponent(`http://${s.blog.name === 'www' ? '' : `${s.blog.name}.`}example.test/`)}`;
      if (url.endsWith('/bypath')) url += `?path=${encodeURIComponent(postPath(s.live))}`;
      if (url.endsWith('/search')) url += '?q=post';
      const payload =
        method === 'PUT' || method === 'PATCH' || (method === 'POST' && /\/(posts|pages)$/.test(pattern))
          ? { title: 'Changed', content: '<p>x</p>' }
          : undefined;
      return { method, url, payload };
    }

    test(
      'every route × caller × token level × blog × whose post: allowed or refused as written, never leaking',
      // Its first runs found write tokens moderating comments (fixed since). A refusal without a token is 403
      // with the reason, as the API test expects of Blogger's answers; a bad or expired token is 401.
      async () => {
        const wrong: string[] = [];
        for (const c of cells()) {
          const s = await subjects(c);
          // Reads first, then writes, then revert (it takes the live post offline), deletes last: so every
          // call of the cell finds what it acts on as the cell set it up.
          const order = (key: string) => (key.startsWith('GET') ? 0 : key.startsWith('DELETE') ? 3 : key.endsWith('/revert') ? 2 : 1);
          const keys = Object.keys(EXPECTED).sort((a, b) => order(a) - order(b));
          for (const key of keys) {
            const { method, url, payload } = request(key, s);
            const token = c.level ? tokens.get(`${c.actor}:${c.level}`) : undefined;
            const res = await t.app.inject({
              method,
              url,
              headers: {
                host: 'example.test',
                ...(token ? { authorization: `Bearer ${token}` } : {}),
                ...(payload ? { 'content-type': 'application/json' } : {}),
              },
              payload,
            });
            const expected = EXPECTED[key]!.allowed(c);
            const ok = res.statusCode >= 200 && res.statusCode < 300;
            const label = `${key} as ${c.actor}/${c.level ?? '-'} on ${c.blog} blog, ${c.post} post`;
            if (ok !== expected) wrong.push(`${label}: ${res.statusCode}, expected ${expected ? '2xx' : 'a refusal'}`);
            if (!ok && ![401, 403, 404].includes(res.statusCode)) wrong.push(`${label}: refused with ${res.statusCode}`);
            if (!ok && res.body.includes(SECRET)) wrong.push(`${label}: the refusal shows the draft`);
            if (ok && res.body.includes(SECRET) && !member(c, 'read')) wrong.push(`${label}: a draft reached a caller who is no member`);
          }
        }
        assert.deepEqual(wrong, []);
      },
    );

    test('a revoked or expired token is refused with 401 at once', async () => {
      const made = await t.services.api.tokens.create(users.get('owner')!.id, 'short', [{ blog: blogs.own.id, level: 'admin' }], 1);
      const ask = () => t.app.inject({ method: 'GET', url: '/v3/users/self', headers: { authorization: `Bearer ${made.token}` } });
      assert.equal((await ask()).statusCode, 200);
      t.clock.advance(24 * 3600 * 1000 + 1000);
      assert.equal((await ask()).statusCode, 401, 'expired');
      const again = await t.services.api.tokens.create(users.get('owner')!.id, 'revoked', [{ blog: blogs.own.id, level: 'admin' }]);
      const askAgain = () => t.app.inject({ method: 'GET', url: '/v3/users/self', headers: { authorization: `Bearer ${again.token}` } });
      assert.equal((await askAgain()).statusCode, 200);
      await t.services.api.tokens.revoke(users.get('owner')!.id, again.row.id);
      assert.equal((await askAgain()).statusCode, 401, 'revoked');
    });
  });
}
