/**
 * A signed-in writer's own comment, changed or deleted in its first 15 minutes, on both databases: the
 * Edit and Delete controls on a page made for the writer alone (never in the shared page cache, never
 * on anyone else's comment), the edit and delete pages that work without JavaScript, the JSON the
 * page's script uses, and every refusal — another user, a closed window, a missing token — changing
 * nothing. An edit is stored exactly as a new comment with that text, and meets the same screens.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { decode } from 'html-entities';
import { commentHtmlFromText } from '../../src/domain/comments/comment-text.js';
import { DEFAULT_COMMENT_SETTINGS, type CommentSettings } from '../../src/domain/comments/comment-settings.js';
import { sanitizeCommentHtml } from '../../src/domain/text/sanitize.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import type { BlogRow, CommentRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { Commenter } from '../helpers/commenter.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const naughty: string[] = JSON.parse(readFileSync(new URL('../fixtures/naughty/blns.json', import.meta.url), 'utf8'));
const MINUTE = 60_000;
let addressCounter = 0;
const nextAddress = () => `198.51.100.${++addressCounter % 250}`;

/** The comment IDs that carry the writer's own controls on a page. */
const controlsOn = (html: string) => [...html.matchAll(/data-own-comment="(\d+)"/g)].map((m) => m[1]!);
/** What a browser shows in the edit box. */
const editBox = (html: string) => decode(/<textarea[^>]*name="body"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1] ?? '');

for (const database of testDatabases) {
  describe(`a writer's own comment on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let other: BlogRow;
    let owner: UserRow;
    let rita: UserRow;
    let sam: UserRow;
    let post: PostRow;

    const settings = (changes: Partial<CommentSettings>) =>
      t.services.commentSettings.save(blog.id, { ...DEFAULT_COMMENT_SETTINGS, ...changes });
    const stored = async (id: string): Promise<CommentRow> => (await t.services.repositories.comments.findById(blog.id, id))!;

    /** A reader signed in on the blog's own host (where the post page and its comment form are). */
    const readerAs = async (user: UserRow): Promise<Commenter> => {
      const reader = new Commenter(t, 'www', nextAddress());
      reader.cookies.set('dastan_session', (await t.services.sessions.start(user)).token);
      return reader;
    };
    /** `user` comments on `on` with `body`; returns the reader (signed in, with the form token) and the comment's ID. */
    const commentAs = async (user: UserRow, body: string, on = post) => {
      const reader = await readerAs(user);
      t.clock.advance(20_000);
      const res = await reader.comment(postPath(on), { body });
      assert.equal(res.statusCode, 303, res.body.slice(0, 200));
      return { reader, id: /#c(\d+)$/.exec(String(res.headers.location))![1]! };
    };

    before(async () => {
      // The page cache is on, as in production: per-reader controls must never reach it.
      t = await startTestApp(database, { pageCacheSeconds: 60 });
      blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
      other = await makeBlog(t.services, { name: 'other', title: 'Other blog' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      rita = await t.services.users.createUser({ email: 'rita@example.com', displayName: 'Rita Reader' });
      sam = await t.services.users.createUser({ email: 'sam@example.com', displayName: 'Sam Stranger' });
      post = await makePost(t.services, blog, { title: 'Talk to me' });
    });
    after(() => t.close());

    test('only the writer sees Edit and Delete on their comment, on a page never cached or shared', async () => {
      const target = await makePost(t.services, blog, { title: 'Cached post' });
      const path = postPath(target);
      assert.deepEqual(controlsOn((await t.get('www', path)).body), [], 'the shared page, now cached');
      const anonymous = await new Commenter(t, 'www', nextAddress()).comment(path, { body: 'From someone without an account' });
      assert.equal(anonymous.statusCode, 303);
      const { reader, id } = await commentAs(rita, 'Rita was here', target);

      const mine = await reader.get(path);
      assert.deepEqual(controlsOn(mine.body), [id], 'her comment only: not the anonymous one');
      assert.match(mine.body, new RegExp(`href="/comments/${id}/edit"`));
      assert.match(mine.body, new RegExp(`href="/comments/${id}/delete"`));
      assert.match(mine.body, /<time datetime="2026-11-20T\d\d:\d\d:\d\d\.\d{3}Z">/);
      assert.equal(mine.headers['cache-control'], 'private, no-store');

      const shared = await t.get('www', path);
      assert.match(shared.body, /Rita was here/);
      assert.deepEqual(controlsOn(shared.body), [], 'an anonymous reader after her: the shared page');
      assert.match(String(shared.headers['cache-control']), /^public/);
      const stranger = await (await readerAs(sam)).get(path);
      assert.deepEqual(controlsOn(stranger.body), [], 'another signed-in reader');
      assert.equal(stranger.headers['cache-control'], 'private, no-store', 'a signed-in reader’s page is never kept by a proxy');
      const forged = await t.get('www', path, { cookie: 'dastan_session=not-a-session' });
      assert.deepEqual(controlsOn(forged.body), []);
      assert.equal(forged.body, shared.body, 'a cookie that is no session gets the shared page');

      t.clock.advance(15 * MINUTE);
      assert.deepEqual(controlsOn((await reader.get(path)).body), [id], 'still hers at 15 minutes');
      t.clock.advance(1000);
      assert.deepEqual(controlsOn((await reader.get(path)).body), [], 'the window has closed');
    });

    test('without JavaScript: the edit page shows the text with a token; the change is stored as a new comment would be', async () => {
      const typed = 'First version\n\nwith https://example.com/a?b=1&c=2 and a < b';
      const { id } = await commentAs(rita, typed);
      const client = new Client(t.app);
      client.cookies.set('dastan_session', (await t.services.sessions.start(rita)).token);
      const page = await client.get(`/comments/${id}/edit`);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(page.body, /<h1[^>]*>Edit your comment<\/h1>/);
      assert.equal(editBox(page.body), typed, 'the box holds what she typed');
      assert.match(page.body, /name="_csrf" value="[^"]+"/);

      const text = 'Second <b>version</b> <script>alert(1)</script><img src=x onerror=alert(1)>\n\nsee https://example.com/x.';
      const saved = await client.post(`/comments/${id}/edit`, { body: text });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `${postPath(post)}#c${id}`);
      const after = await stored(id);
      assert.equal(after.status, 'live');
      // The same text as a new comment, through the form: the stored HTML is the same.
      t.clock.advance(20_000);
      const fresh = await new Commenter(t, 'www', nextAddress()).comment(postPath(post), { body: text });
      const freshId = /#c(\d+)$/.exec(String(fresh.headers.location))![1]!;
      assert.equal(after.body_html, (await stored(freshId)).body_html);
      assert.equal(after.body_html, sanitizeCommentHtml(commentHtmlFromText(text)).html);
      assert.doesNotMatch(after.body_html, /script|onerror|<img/);
      assert.match(after.body_html, /rel="nofollow ugc noopener"/);
      assert.match((await t.get('www', postPath(post))).body, /Second <b>version<\/b>/, 'the cached page moved on');
    });

    test('with the script: the text as JSON, the change answered with the new HTML', async () => {
      const { reader, id } = await commentAs(rita, 'Typo’d comment');
      const opened = await reader.get(`/comments/${id}/edit`);
      assert.equal(opened.statusCode, 200);
      const json = await t.app.inject({
        method: 'GET',
        url: `/comments/${id}/edit`,
        headers: { host: 'www.example.test', accept: 'application/json', cookie: `dastan_session=${reader.cookies.get('dastan_session')}` },
      });
      assert.equal(JSON.parse(json.body).text, 'Typo’d comment');
      const res = await reader.post(`/comments/${id}/edit`, { body: 'Fixed comment', _csrf: reader.csrf }, { accept: 'application/json' });
      assert.equal(res.statusCode, 200);
      const answer = JSON.parse(res.body) as { status: string; html: string; url: string };
      assert.equal(answer.status, 'live');
      assert.equal(answer.html, '<p>Fixed comment</p>');
      assert.equal(answer.url, `${postPath(post)}#c${id}`);
      const gone = await reader.post(`/comments/${id}/delete`, { _csrf: reader.csrf }, { accept: 'application/json' });
      assert.equal(gone.statusCode, 200);
      assert.equal(JSON.parse(gone.body).status, 'deleted');
    });

    test('delete asks first on its own page, then deletes; the comment leaves the page', async () => {
      const { id } = await commentAs(rita, 'Delete me soon');
      const client = new Client(t.app);
      client.cookies.set('dastan_session', (await t.services.sessions.start(rita)).token);
      const ask = await client.get(`/comments/${id}/delete`);
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /Delete your comment\?/);
      assert.match(ask.body, /<button type="submit">Delete comment<\/button>/);
      assert.match(ask.body, /Delete me soon/, 'it shows what would be deleted');
      assert.equal((await stored(id)).status, 'live', 'opening the page changes nothing');
      const done = await client.post(`/comments/${id}/delete`, {});
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, `${postPath(post)}#comments`);
      assert.equal((await stored(id)).status, 'deleted');
      assert.doesNotMatch((await t.get('www', postPath(post))).body, /Delete me soon/);
      assert.equal((await client.post(`/comments/${id}/delete`, {})).statusCode, 404, 'deleted once');
    });

    test('another user, a signed-out visitor, another blog: refused, and nothing changes', async () => {
      const { id } = await commentAs(rita, 'Only mine to change');
      const before = await stored(id);
      const stranger = new Client(t.app);
      stranger.cookies.set('dastan_session', (await t.services.sessions.start(sam)).token);
      const ownerClient = new Client(t.app);
      ownerClient.cookies.set('dastan_session', (await t.services.sessions.start(owner)).token);
      for (const client of [stranger, ownerClient]) {
        const page = await client.get(`/comments/${id}/edit`);
        assert.equal(page.statusCode, 403);
        assert.match(page.body, /only your own comments/);
        assert.equal((await client.get(`/comments/${id}/delete`)).statusCode, 403);
        const token = (await client.get('/comments/token')).body;
        const csrf = (JSON.parse(token) as { csrf: string }).csrf;
        assert.equal((await client.post(`/comments/${id}/edit`, { body: 'Hijacked' }, { csrf })).statusCode, 403);
        assert.equal((await client.post(`/comments/${id}/delete`, {}, { csrf })).statusCode, 403);
      }
      const anonymous = new Commenter(t, 'www', nextAddress());
      await anonymous.openForm(postPath(post));
      const signIn = await anonymous.get(`/comments/${id}/edit`);
      assert.equal(signIn.statusCode, 303);
      assert.equal(signIn.headers.location, `/admin/sign-in?next=${encodeURIComponent(`/comments/${id}/edit`)}`);
      assert.equal((await anonymous.post(`/comments/${id}/edit`, { body: 'Hijacked', _csrf: anonymous.csrf })).statusCode, 401);
      assert.equal((await anonymous.post(`/comments/${id}/delete`, { _csrf: anonymous.csrf })).statusCode, 401);

      const rita2 = new Client(t.app, 'other.example.test');
      rita2.cookies.set('dastan_session', (await t.services.sessions.start(rita)).token);
      assert.equal((await rita2.get(`/comments/${id}/edit`)).statusCode, 404, 'the comment is not on the other blog');
      for (const bad of ['0', '99999999999999999999', 'abc', '1%20OR%201=1', '%00', '..%2F..']) {
        const res = await new Client(t.app).get(`/comments/${bad}/edit`);
        assert.ok(res.statusCode < 500, bad);
      }
      assert.deepEqual(await stored(id), before);
      assert.ok(other);
    });

    test('after 15 minutes the pages and the endpoints refuse with 403, and nothing changes', async () => {
      const { reader, id } = await commentAs(rita, 'Soon fixed');
      t.clock.advance(15 * MINUTE + 1000);
      const before = await stored(id);
      const page = await reader.get(`/comments/${id}/edit`);
      assert.equal(page.statusCode, 403);
      assert.match(page.body, /first 15 minutes/);
      assert.equal((await reader.get(`/comments/${id}/delete`)).statusCode, 403);
      const edit = await reader.post(`/comments/${id}/edit`, { body: 'Too late', _csrf: reader.csrf }, { accept: 'application/json' });
      assert.equal(edit.statusCode, 403);
      assert.equal(JSON.parse(edit.body).error, 'edit_window_closed');
      assert.equal((await reader.post(`/comments/${id}/delete`, { _csrf: reader.csrf })).statusCode, 403);
      assert.deepEqual(await stored(id), before);
      assert.deepEqual(controlsOn((await reader.get(postPath(post))).body), []);
    });

    test('without the form token (or with a forged one) nothing changes: 403', async () => {
      const { reader, id } = await commentAs(rita, 'Guarded by a token');
      const before = await stored(id);
      for (const token of [undefined, 'forged', '']) {
        const fields: Record<string, string> = token === undefined ? {} : { _csrf: token };
        assert.equal((await reader.post(`/comments/${id}/edit`, { body: 'Forged', ...fields })).statusCode, 403);
        assert.equal((await reader.post(`/comments/${id}/delete`, fields)).statusCode, 403);
      }
      assert.deepEqual(await stored(id), before);
    });

    test('an edit the screens would hold goes back to the queue; one they would reject is refused; the owner is never held', async () => {
      await settings({ holdWords: ['casino'], rejectWords: ['viagra'] });
      try {
        const { reader, id } = await commentAs(rita, 'An innocent comment');
        const mails = t.mail.sent.length;
        const held = await reader.post(`/comments/${id}/edit`, { body: 'Come to the casino tonight', _csrf: reader.csrf });
        assert.equal(held.statusCode, 202);
        assert.match(held.body, /awaiting moderation/);
        const after = await stored(id);
        assert.equal(after.status, 'pending');
        assert.match(after.reasons, /Changed by its writer/);
        assert.match(after.reasons, /casino/);
        assert.doesNotMatch((await t.get('www', postPath(post))).body, /casino tonight/);
        assert.ok(
          t.mail.sent.slice(mails).some((m) => m.to === 'owner@example.com' && /awaits moderation/.test(m.subject)),
          'the moderators hear of it',
        );

        const rejected = await reader.post(`/comments/${id}/edit`, { body: 'Buy viagra now', _csrf: reader.csrf });
        assert.equal(rejected.statusCode, 422);
        assert.match(rejected.body, /blocked word/);
        assert.equal(editBox(rejected.body), 'Buy viagra now', 'the edit page again, with what was typed');
        assert.equal((await stored(id)).body_html, after.body_html);
        const empty = await reader.post(`/comments/${id}/edit`, { body: '  \n ', _csrf: reader.csrf });
        assert.equal(empty.statusCode, 400);
        assert.match(empty.body, /empty/);
        const huge = await reader.post(`/comments/${id}/edit`, { body: 'x'.repeat(70 * 1024), _csrf: reader.csrf });
        assert.equal(huge.statusCode, 413);
        assert.equal((await stored(id)).body_html, after.body_html);

        const mine = await commentAs(owner, 'The owner speaks');
        const ownerEdit = await mine.reader.post(`/comments/${mine.id}/edit`, {
          body: 'The owner likes the casino',
          _csrf: mine.reader.csrf,
        });
        assert.equal(ownerEdit.statusCode, 303);
        assert.equal((await stored(mine.id)).status, 'live', 'owners are never held');
      } finally {
        await settings({});
      }
    });

    test('on a blog that holds every comment, an approved comment that is changed is held again', async () => {
      await settings({ moderation: 'always' });
      try {
        const reader = await readerAs(rita);
        t.clock.advance(20_000);
        const res = await reader.comment(postPath(post), { body: 'Approve this text' });
        assert.equal(res.statusCode, 202);
        const [pending] = await t.services.repositories.commentQueue.list(blog.id, 'pending', 1, 0);
        await t.services.commentModeration.act(blog, [pending!.id], 'approve', 'http://www.example.test');
        assert.ok(controlsOn((await reader.get(postPath(post))).body).includes(pending!.id));
        const edited = await reader.post(`/comments/${pending!.id}/edit`, { body: 'Something else entirely', _csrf: reader.csrf });
        assert.equal(edited.statusCode, 202);
        const after = await stored(pending!.id);
        assert.equal(after.status, 'pending');
        assert.match(after.reasons, /holds every comment/);
      } finally {
        await settings({});
      }
    });

    test('naughty strings as the edited body: a clear 4xx or the text stored as a new comment’s, never a 500', async () => {
      const { reader, id } = await commentAs(rita, 'Naughty target');
      const step = database.name === 'sqlite' ? 1 : 3;
      const failures: string[] = [];
      let saved = 0;
      for (let i = 0; i < naughty.length; i += step) {
        const text = naughty[i]!;
        const before = (await stored(id)).body_html;
        const res = await reader.post(`/comments/${id}/edit`, { body: text, _csrf: reader.csrf });
        const now = (await stored(id)).body_html;
        if (res.statusCode >= 500) failures.push(`${res.statusCode} ${JSON.stringify(text)}`);
        else if (res.statusCode === 303 || res.statusCode === 202) {
          saved++;
          if (now !== sanitizeCommentHtml(commentHtmlFromText(text)).html) failures.push(`stored differently: ${JSON.stringify(text)}`);
        } else if (now !== before) failures.push(`${res.statusCode} but changed: ${JSON.stringify(text)}`);
      }
      assert.deepEqual(failures, []);
      assert.ok(saved > naughty.length / step / 2, `${saved} saved`);
    });
  });
}
