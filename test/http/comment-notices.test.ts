/**
 * The comment form's own pages — awaiting moderation, check and post, the writer's edit page, the
 * mailed moderation link — in the blog's own theme, on both databases: a blog on the bundled `minimal`
 * theme (which has no comment-notice template, so the notice goes into its layout), with its colour
 * settings' stylesheet, with edited templates, and a classic blog whose edited comment-notice is used.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_COMMENT_SETTINGS } from '../../src/domain/comments/comment-settings.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Commenter } from '../helpers/commenter.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';

let addressCounter = 0;
const nextAddress = () => `203.0.113.${++addressCounter % 250}`;
const MINIMAL_MAIN = '<main id="main" class="column" tabindex="-1">';
const stylesheetOf = (html: string) => /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1] ?? '';

for (const database of testDatabases) {
  describe(`comment pages in the blog’s theme on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let plain: BlogRow;
    let classic: BlogRow;
    let plainPost: PostRow;
    let classicPost: PostRow;
    const fresh = async (blog: BlogRow) => (await t.services.repositories.blogs.findById(blog.id))!;
    /** An anonymous comment on a blog that holds every comment: the "awaiting moderation" page. */
    const heldPage = async (blog: BlogRow, post: PostRow) => {
      const res = await new Commenter(t, blog.name, nextAddress()).comment(postPath(post), { body: 'Hold me, please' });
      assert.equal(res.statusCode, 202);
      return res.body;
    };

    before(async () => {
      t = await startTestApp(database);
      plain = await makeBlog(t.services, { name: 'plain', title: 'Plain blog' });
      classic = await makeBlog(t.services, { name: 'classic', title: 'Classic blog' });
      const owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      await t.services.users.addMember(plain.id, owner.id, 'owner');
      await t.services.themes.chooseTheme(plain, 'minimal');
      plain = await fresh(plain);
      plainPost = await makePost(t.services, plain, { title: 'A minimal post' });
      classicPost = await makePost(t.services, classic, { title: 'A classic post' });
      for (const blog of [plain, classic])
        await t.services.commentSettings.save(blog.id, { ...DEFAULT_COMMENT_SETTINGS, moderation: 'always' });
    });
    after(() => t.close());

    test('on the minimal theme: "awaiting moderation" in its layout and with its stylesheet', async () => {
      const body = await heldPage(plain, plainPost);
      assert.ok(body.includes(MINIMAL_MAIN), 'the minimal layout');
      assert.match(body, /<h1>Awaiting moderation<\/h1>/);
      assert.match(body, /awaiting moderation/);
      assert.match(stylesheetOf(body), /^\/static\/themes\/minimal\.css\?v=/);
      assert.match(body, /<p class="site-title"><a href="\/"><bdi>Plain blog<\/bdi><\/a><\/p>/);
      assert.match(body, /<meta name="robots" content="noindex">/);
      const css = await t.get('plain', stylesheetOf(body));
      assert.equal(css.statusCode, 200);
      const classicBody = await heldPage(classic, classicPost);
      assert.ok(!classicBody.includes(MINIMAL_MAIN));
      assert.match(stylesheetOf(classicBody), /^\/static\/theme\.css\?v=/);
      assert.match(classicBody, /<h1 class="post-title">Awaiting moderation<\/h1>/, 'the classic theme’s own template');
    });

    test('on the minimal theme: "check and post", the moderation link and the writer’s edit page too', async () => {
      const reader = new Commenter(t, 'plain', nextAddress());
      const check = await reader.comment(postPath(plainPost), { body: 'Without a token' }, { csrf: false });
      assert.equal(check.statusCode, 200);
      assert.ok(check.body.includes(MINIMAL_MAIN));
      assert.match(check.body, /Check and post your comment/);
      assert.match(check.body, /<div class="comment-body"><p>Without a token<\/p><\/div>/);

      const mail = t.mail.sent.filter((m) => /awaits moderation/.test(m.subject)).at(-1);
      const link = new URL(/Approve: (\S+)/.exec(mail!.text)![1]!);
      const confirm = await t.get('plain', link.pathname + link.search);
      assert.equal(confirm.statusCode, 200);
      assert.ok(confirm.body.includes(MINIMAL_MAIN));

      await t.services.commentSettings.save(plain.id, DEFAULT_COMMENT_SETTINGS);
      try {
        const user = await t.services.users.createUser({ email: 'writer@example.com', displayName: 'Wren Writer' });
        const writer = new Commenter(t, 'plain', nextAddress());
        writer.cookies.set('dastan_session', (await t.services.sessions.start(user)).token);
        const posted = await writer.comment(postPath(plainPost), { body: 'Edit me in the minimal theme' });
        const id = /#c(\d+)$/.exec(String(posted.headers.location))![1]!;
        const edit = await writer.get(`/comments/${id}/edit`);
        assert.equal(edit.statusCode, 200);
        assert.ok(edit.body.includes(MINIMAL_MAIN));
        assert.match(edit.body, /<textarea id="notice-text" name="body"[^>]*>Edit me in the minimal theme<\/textarea>/);
        assert.match(edit.body, /<label for="notice-text">Your comment<\/label>/);
      } finally {
        await t.services.commentSettings.save(plain.id, { ...DEFAULT_COMMENT_SETTINGS, moderation: 'always' });
      }
    });

    test('the blog’s colours and fonts, and its edited layout, reach the notice pages', async () => {
      await t.services.themes.saveSettings(plain, { background: '#fdf6e3', text: '#222222', bodyFont: 'oldstyle' });
      plain = await fresh(plain);
      let body = await heldPage(plain, plainPost);
      const href = stylesheetOf(body);
      assert.match(href, /^\/static\/blog-theme\.css\?v=/);
      const css = (await t.get('plain', href)).body;
      assert.match(css, /--bg: #fdf6e3;/);
      assert.match(css, /--fg: #222222;/);
      assert.match(css, /--font-body: 'Iowan Old Style'/);

      // An edited layout (a blog's own templates have no comment-notice either): the notice goes in it.
      const layout = (await t.services.themes.ownFiles(plain)).find((f) => f.file === 'layout.liquid');
      assert.equal(layout, undefined);
      const bundled = (await import('node:fs')).readFileSync('themes/minimal/layout.liquid', 'utf8');
      await t.services.themes.saveFile(
        plain,
        'layout.liquid',
        bundled.replace('<body>', '<body>\n<p class="my-banner">My own banner</p>'),
        null,
      );
      plain = await fresh(plain);
      body = await heldPage(plain, plainPost);
      assert.match(body, /<p class="my-banner">My own banner<\/p>/);
      assert.match(body, /<h1>Awaiting moderation<\/h1>/);
      assert.match(stylesheetOf(body), /^\/static\/blog-theme\.css\?v=/);
      assert.doesNotMatch(await heldPage(classic, classicPost), /My own banner/, 'another blog keeps its own');
    });

    test('a blog’s edited comment-notice template is the one used', async () => {
      await t.services.themes.saveFile(
        classic,
        'comment-notice.liquid',
        '{% layout \'layout\' %}{% block content %}<h1 class="custom-notice">{{ notice.title }}!</h1>{% for line in notice.lines %}<p>{{ line }}</p>{% endfor %}{% endblock %}',
        null,
      );
      classic = await fresh(classic);
      const body = await heldPage(classic, classicPost);
      assert.match(body, /<h1 class="custom-notice">Awaiting moderation!<\/h1>/);
      assert.doesNotMatch(await heldPage(plain, plainPost), /custom-notice/);
    });
  });
}
