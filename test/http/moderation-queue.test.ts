/**
 * The moderation queue's context and replies, on SQLite and PostgreSQL: each comment shows the post it
 * is on (linked) and, for a reply, the start of the comment it answers; the page has a "select all" box;
 * a moderator replies from the queue (a held comment is approved, the reply is live under their name and
 * its writer is mailed); an empty reply, a spam comment, another blog's comment, a writer without the
 * right and a form without its token are refused with nothing stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postPath } from '../../src/domain/blogs/urls.js';
import type { BlogRow, CommentRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const LONG = `The first words of a long comment. ${'More and more words follow here. '.repeat(12)}The very end.`;

for (const database of testDatabases) {
  describe(`the moderation queue's context and replies on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let post: PostRow;
    let owner: UserRow;
    let own: Client;
    let parent: CommentRow;
    let held: CommentRow;
    let top: CommentRow;
    const queue = '/admin/blogs/www/comments';
    const find = async (id: string) => t.services.repositories.comments.findById(blog.id, id);
    const repliesTo = async (id: string) =>
      (await t.services.repositories.comments.listForPosts(blog.id, [post.id])).filter((c) => c.parent_id === id);

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      post = await makePost(t.services, blog, { title: 'River walks' });
      const add = (fields: { author: string; body: string; status: 'live' | 'pending'; parentId?: string; email?: string }) =>
        t.services.comments.addComment({
          blogId: blog.id,
          postId: post.id,
          parentId: fields.parentId ?? null,
          authorName: fields.author,
          authorEmail: fields.email ?? '',
          notifyReplies: Boolean(fields.email),
          body: `<p>${fields.body}</p>`,
          status: fields.status,
        });
      parent = await add({ author: 'Paula Parent', body: LONG, status: 'live' });
      held = await add({
        author: 'Rhys Replier',
        body: 'I agree with Paula.',
        status: 'pending',
        parentId: parent.id,
        email: 'rhys@example.com',
      });
      top = await add({ author: 'Tess Top', body: 'A question about the path.', status: 'pending' });
      own = await new Client(t.app).signInAs(t.services, owner);
    });
    after(() => t.close());

    test('each comment shows the post it is on, linked, and a reply the start of the comment it answers', async () => {
      const page = await own.get(queue);
      assert.equal(page.statusCode, 200);
      const rowOf = (author: string) => page.body.split('<tr>').find((row) => row.includes(author)) ?? '';
      const postLink = `<a href="http://example.test${postPath(post)}">River walks</a>`;
      assert.ok(rowOf('Tess Top').includes(`On the post ${postLink}`), 'a comment on the post names it');
      const reply = rowOf('Rhys Replier');
      assert.ok(reply.includes(`In reply to <bdi>Paula Parent</bdi>, on ${postLink}`), 'a reply names whom it answers');
      assert.equal(page.body.match(/name="ids"/g)?.length, 2, 'the published parent is not in the pending tab');
      const excerpt = /<blockquote class="parent-excerpt">([^<]*)<\/blockquote>/.exec(reply)?.[1] ?? '';
      assert.match(excerpt, /^The first words of a long comment\. More/);
      assert.match(excerpt, /…$/, 'a long comment is cut');
      assert.doesNotMatch(excerpt, /The very end/);
      assert.doesNotMatch(rowOf('Tess Top'), /parent-excerpt/);
      assert.match(page.body, /<input type="checkbox" data-select-all="ids" aria-label="Select all comments on this page"/);
      assert.match(page.body, /<script type="module" src="\/admin\/static\/queue\.js\?v=[0-9a-f]+"><\/script>/);
      assert.match(page.body, new RegExp(`<form id="reply-${held.id}" method="post" action="${queue}/${held.id}/reply"`));
    });

    test('a reply from the queue approves the held comment and is published under the moderator’s name', async () => {
      await own.get(queue);
      const res = await own.post(`${queue}/${held.id}/reply`, { reply: 'Thank you, Rhys.\n\nSee you on the path.' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${queue}?status=pending&done=replied`);
      assert.equal((await find(held.id))?.status, 'live', 'the comment is approved');
      const [answer, ...more] = await repliesTo(held.id);
      assert.equal(more.length, 0);
      assert.equal(answer?.status, 'live');
      assert.equal(answer?.author_user_id, owner.id);
      assert.equal(answer?.author_name, 'Olive Owner');
      assert.equal(answer?.body_html, '<p>Thank you, Rhys.</p>\n<p>See you on the path.</p>');
      const mail = t.mail.sent.find((m) => m.to === 'rhys@example.com');
      assert.match(mail?.text ?? '', /^\u2068Olive Owner\u2069 replied to your comment/);
      const page = await own.get(`${queue}?status=pending&done=replied`);
      assert.match(page.body, /<p class="notice" role="status">Your reply is published\.<\/p>/);
      assert.match((await t.get('www', postPath(post))).body, /See you on the path\./);
    });

    test('refusals: an empty reply, a spam comment, another blog, an author, no form token; nothing is stored', async () => {
      await own.get(queue);
      const empty = await own.post(`${queue}/${top.id}/reply`, { reply: '  \n ' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /The reply is empty\./);
      assert.equal((await find(top.id))?.status, 'pending', 'a refused reply approves nothing');
      const control = await own.post(`${queue}/${top.id}/reply`, { reply: 'Hello\u0007 there' });
      assert.equal(control.statusCode, 400);
      assert.match(control.body, /The reply contains control characters\./);
      assert.match(control.body, /aria-describedby="form-error">Hello\u0007 there<\/textarea>/, 'the reply is kept in its field');
      assert.match(control.body, new RegExp(`<details class="queue-reply" open>[^]*?id="reply-text-${top.id}"`), 'and its form open');

      await own.post(queue, { one: `spam:${top.id}` });
      const spam = await own.post(`${queue}/${top.id}/reply`, { reply: 'Hello', status: 'spam' });
      assert.equal(spam.statusCode, 400);
      assert.match(spam.body, /Only a held or published comment can be answered/);

      const other = await makeBlog(t.services, { name: 'other', title: 'Other blog' });
      const otherPost = await makePost(t.services, other);
      const foreign = await t.services.comments.addComment({
        blogId: other.id,
        postId: otherPost.id,
        authorName: 'F',
        body: 'x',
        status: 'pending',
      });
      assert.equal((await own.post(`${queue}/${foreign.id}/reply`, { reply: 'Hello' })).statusCode, 404);
      assert.equal((await own.post(`${queue}/not-a-number/reply`, { reply: 'Hello' })).statusCode, 404);
      assert.equal((await t.services.repositories.comments.findById(other.id, foreign.id))?.status, 'pending');

      const author = await t.services.users.createUser({ email: 'au@example.com', displayName: 'Abe Author' });
      await t.services.users.addMember(blog.id, author.id, 'author');
      const au = await new Client(t.app).signInAs(t.services, author);
      await au.get('/admin/blogs/www/posts');
      assert.equal((await au.post(`${queue}/${parent.id}/reply`, { reply: 'Hello' })).statusCode, 403);
      assert.equal((await own.post(`${queue}/${parent.id}/reply`, { reply: 'Hello' }, { csrf: null })).statusCode, 403);
      const hellos = (await t.services.repositories.comments.listForPosts(blog.id, [post.id])).filter((c) => c.body_html.includes('Hello'));
      assert.deepEqual(hellos, [], 'no refused reply is stored');
      assert.deepEqual(await repliesTo(top.id), []);
    });
  });
}
