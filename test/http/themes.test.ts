/**
 * A blog's theme over HTTP, on SQLite and PostgreSQL: choosing a bundled theme, colours and fonts, the
 * template editor (errors refused with line and reason, the live theme unchanged; runaway templates
 * stopped; no reaching files or other blogs), custom CSS, previews, and who may do any of it.
 */
import assert from 'node:assert/strict';
import { decode } from 'html-entities';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const stylesheetOf = (html: string) => /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1] ?? '';
/** The text of the editor's textarea, as the browser shows it. */
const textareaOf = (html: string) => decode(/<textarea[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? '');

for (const database of testDatabases) {
  describe(`themes on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let other: BlogRow;
    let owner: UserRow;
    let author: UserRow;
    let otherAdmin: UserRow;
    let own: Client;
    const editor = '/admin/blogs/www/theme';

    before(async () => {
      // The page cache is on: a theme change must still show at once.
      t = await startTestApp(database, { pageCacheSeconds: 60 });
      blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
      other = await makeBlog(t.services, { name: 'other', title: 'Other blog' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      author = await t.services.users.createUser({ email: 'au@example.com', displayName: 'Abe Author' });
      otherAdmin = await t.services.users.createUser({ email: 'b@example.com', displayName: 'Bea of B' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, author.id, 'author');
      await t.services.users.addMember(other.id, otherAdmin.id, 'admin');
      await makePost(t.services, blog, { title: 'Endless', publishedAt: Date.parse('2026-01-10T10:00:00Z') });
      await makePost(t.services, blog, { title: 'Newest words', labels: ['notes'], publishedAt: Date.parse('2026-11-01T10:00:00Z') });
      own = await new Client(t.app).signInAs(t.services, owner);
    });
    after(() => t.close());

    const fresh = async () => (await t.services.repositories.blogs.findById(blog.id))!;
    const editFile = async (file: string, content: string) => {
      await own.get(`${editor}/files/${file}`);
      return own.post(`${editor}/files/${file}`, { content });
    };

    test('the owner chooses the minimal theme; the blog shows it at once, with its stylesheet', async () => {
      const page = await own.get(editor);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /href="\/admin\/blogs\/www\/theme"/, 'the blog menu links the Theme page');
      assert.match((await t.get('www', '/')).body, /class="blog-header"/);
      const chosen = await own.post(editor, { theme: 'minimal' });
      assert.equal(chosen.statusCode, 303);
      const home = await t.get('www', '/');
      assert.match(home.body, /class="site-header"/);
      assert.match(home.body, /id="popular-posts"/);
      const css = stylesheetOf(home.body);
      assert.match(css, /^\/static\/themes\/minimal\.css\?v=/);
      const sheet = await t.get('www', css);
      assert.equal(sheet.statusCode, 200);
      assert.match(String(sheet.headers['content-type']), /text\/css/);
      assert.match(sheet.body, /--content-width: 40rem/);
      const post = await t.get('www', '/2026/11/newest-words.html');
      assert.match(post.body, /<section id="comments"/);
      assert.equal((await own.post(editor, { theme: 'nosuch' })).statusCode, 400);
      assert.equal((await fresh()).theme, 'minimal');
    });

    test('colours and fonts are checked strictly and reach the page only as CSS custom properties', async () => {
      await own.get(editor);
      const before = await fresh();
      for (const [field, value] of [
        ['accent', 'red; } body { background: url(javascript:alert(1))'],
        ['background', '#12345g'],
        ['bodyFont', 'Comic Sans; x'],
        ['contentWidth', '20'],
      ] as const) {
        const res = await own.post(`${editor}/settings`, { [field]: value });
        assert.equal(res.statusCode, 400, `${field}=${value}`);
        assert.match(res.body, /role="alert"/);
      }
      const faint = await own.post(`${editor}/settings`, { background: '#ffffff', text: '#eeeeee' });
      assert.equal(faint.statusCode, 400);
      assert.match(faint.body, /contrast of 1\.\d:1/);
      assert.equal((await fresh()).theme_settings, before.theme_settings, 'nothing refused was stored');

      const saved = await own.post(`${editor}/settings`, { accent: '#A30', bodyFont: 'serif', contentWidth: '50' });
      assert.equal(saved.statusCode, 303);
      const css = stylesheetOf((await t.get('www', '/')).body);
      assert.match(css, /^\/static\/blog-theme\.css\?v=[0-9a-f]{12}$/);
      const sheet = await t.get('www', css);
      assert.equal(sheet.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.match(sheet.body, /--link: #aa3300;/);
      assert.match(sheet.body, /--font-body: Charter/);
      assert.match(sheet.body, /--content-width: 50rem;/);
      // The other blog's stylesheet is its own.
      assert.doesNotMatch((await t.get('other', '/static/blog-theme.css')).body, /#aa3300/);
      assert.match((await own.get(editor)).body, /value="#aa3300"/);
    });

    test('a template with an error is refused with its line and reason; the live blog is unchanged', async () => {
      const before = await fresh();
      const home = (await t.get('www', '/')).body;
      const res = await editFile(
        'home.liquid',
        "{% layout 'layout' %}\n{% block content %}\n<p>{{ posts | nosuchfilter }}</p>\n{% endblock %}",
      );
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /home\.liquid, line 3, column \d+: undefined filter: nosuchfilter/);
      assert.match(textareaOf(res.body), /<p>\{\{ posts \| nosuchfilter \}\}<\/p>/, 'the edit is kept in the form');
      // The place the error names is a link the template editor's script turns into a jump to it.
      assert.match(
        res.body,
        /<a href="#content" data-jump="content" data-line="3" data-column="\d+">Line (<bdi>)?3(<\/bdi>)?, column (<bdi>)?\d+(<\/bdi>)?<\/a>/,
      );
      assert.match(res.body, /<textarea id="content"[^>]* data-code="liquid"/);
      const unclosed = await editFile('home.liquid', "{% layout 'layout' %}\n{% block content %}\n{% for p in posts %}\n{% endblock %}");
      assert.equal(unclosed.statusCode, 422);
      assert.match(unclosed.body, /home\.liquid, line \d+/);
      const after = await fresh();
      assert.equal(after.theme_version, before.theme_version);
      assert.equal(after.updated_at, before.updated_at);
      assert.equal((await t.get('www', '/')).body, home);
    });

    test('a valid edit is saved and the blog shows it; reset brings back the theme’s own', async () => {
      assert.match(textareaOf((await own.get(`${editor}/files/home.liquid`)).body), /render 'post-list'/);
      const content =
        "{% layout 'layout' %}\n{% block content %}\n<p class=\"hello\">Hello from my template</p>\n{% render 'post-list', posts: posts, pager: pager, empty: empty %}\n{% endblock %}";
      const res = await editFile('home.liquid', content);
      assert.equal(res.statusCode, 303);
      assert.match((await t.get('www', '/')).body, /Hello from my template/);
      assert.doesNotMatch((await t.get('other', '/')).body, /Hello from my template/);
      assert.match((await own.get(editor)).body, /Reset <bdi>home\.liquid<\/bdi> to default/);
      assert.equal((await own.post(`${editor}/files/home.liquid/reset`)).statusCode, 303);
      assert.doesNotMatch((await t.get('www', '/')).body, /Hello from my template/);
    });

    test('the file page, and no other, loads the code editor, which stays under 300 KB compressed', async () => {
      const page = (await own.get(`${editor}/files/home.liquid`)).body;
      const script = /<script type="module" src="(\/admin\/static\/code\.js\?v=[0-9a-f]+)"><\/script>/.exec(page)?.[1];
      assert.ok(script, 'the page names the code editor script');
      assert.doesNotMatch((await own.get(editor)).body, /static\/code\.js/);
      assert.doesNotMatch((await own.get('/admin/blogs/www/posts/new')).body, /static\/code\.js/);
      const res = await t.app.inject({ url: script });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^text\/javascript/);
      assert.ok(gzipSync(res.rawPayload).length < 300 * 1024, `code.js is ${gzipSync(res.rawPayload).length} bytes gzipped`);
    });

    test('the post editor loads the rich editor script, which stays under 300 KB compressed', async () => {
      const page = (await own.get('/admin/blogs/www/posts/new')).body;
      const script = /<script type="module" src="(\/admin\/static\/editor\.js\?v=[0-9a-f]+)"><\/script>/.exec(page)?.[1];
      assert.ok(script, 'the editor page names the editor script');
      assert.doesNotMatch((await own.get(editor)).body, /static\/editor\.js/);
      const res = await t.app.inject({ url: script });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^text\/javascript/);
      assert.ok(res.rawPayload.length > 50 * 1024, 'the built editor, not a stub');
      const gzipped = gzipSync(res.rawPayload).length;
      assert.ok(gzipped < 300 * 1024, `editor.js is ${gzipped} bytes gzipped`);
    });

    test('templates cannot reach files or another blog’s templates', async () => {
      await t.services.themes.saveFile(other, 'layout.liquid', '<main>{% block content %}{% endblock %}</main>OTHER', null);
      for (const tag of [
        "{% include '/etc/passwd' %}",
        "{% render '../../../../etc/passwd' %}",
        "{% layout '../other/layout' %}",
        "{% include 'other/layout' %}",
        "{% layout '/work/themes/default/layout' %}",
      ]) {
        const res = await editFile('home.liquid', `${tag}\n{% block content %}x{% endblock %}`);
        assert.equal(res.statusCode, 422, tag);
        assert.match(res.body, /home\.liquid, line 1, column \d+: there is no template/, tag);
      }
      assert.doesNotMatch((await t.get('www', '/')).body, /root:|OTHER/);
    });

    test('a runaway template is refused on save, and stopped with a clear page when it runs for readers', async () => {
      const loop = '{% for i in (1..100000) %}{% for j in (1..100000) %}{{ j }}{% endfor %}{% endfor %}';
      const refused = await editFile('home.liquid', `{% layout 'layout' %}{% block content %}${loop}{% endblock %}`);
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /ran too long and was stopped/);
      // A loop only one older post triggers passes the trial renders, and meets a reader later.
      const original = textareaOf((await own.get(`${editor}/files/post.liquid`)).body);
      const trap = original.replace('{% block content %}', `{% block content %}{% if post.title == "Endless" %}${loop}{% endif %}`);
      assert.equal((await editFile('post.liquid', trap)).statusCode, 303);
      assert.equal((await t.get('www', '/2026/11/newest-words.html')).statusCode, 200);
      const started = Date.now();
      const stopped = await t.get('www', '/2026/01/endless.html');
      assert.equal(stopped.statusCode, 503);
      assert.match(decode(stopped.body), /because of the blog's theme: it ran too long/);
      assert.ok(Date.now() - started < 5000, 'stopped within the limit');
      const again = Date.now();
      assert.equal((await t.get('www', '/2026/01/endless.html')).statusCode, 503);
      assert.ok(Date.now() - again < 500, 'not run again right away');
      assert.equal((await own.post(`${editor}/files/post.liquid/reset`)).statusCode, 303);
    });

    test('custom CSS is checked; a good stylesheet is served from the blog with its settings after it', async () => {
      for (const [css, reason] of [
        ['body { color: red; }\n@import url(https://evil.example/x.css);', /theme\.css, line 2: @import is not allowed/],
        ['a { background: url(javascript:alert(1)) }', /script URLs are not allowed/],
        ['a { background: url(http://evil.example/a.png) }', /is not allowed: use an https/],
        ['a { background: u\\72l(//evil.example/a.png) }', /is not allowed: use an https/],
        ['a { color: red; }\n</style><script>alert(1)</script>', /theme\.css, line 2: markup/],
        ['a { color: red; ', /not closed/],
      ] as const) {
        const res = await editFile('theme.css', css);
        assert.equal(res.statusCode, 400, css);
        assert.match(res.body, reason, css);
      }
      const good = 'body { background: url(https://example.com/bg.png) } .hero { background: url("/uploads/a.webp") }';
      assert.equal((await editFile('theme.css', good)).statusCode, 303);
      const sheet = await t.get('www', stylesheetOf((await t.get('www', '/')).body));
      assert.ok(sheet.body.startsWith(good));
      assert.match(sheet.body, /--link: #aa3300;/, 'the settings follow the edited stylesheet');
      assert.equal((await own.post(`${editor}/files/theme.css/reset`)).statusCode, 303);
    });

    test('a preview renders the edit (templates and stylesheet) without changing the live blog', async () => {
      const before = await fresh();
      await own.get(`${editor}/files/home.liquid`);
      const res = await own.post(`${editor}/files/home.liquid/preview`, {
        content: "{% layout 'layout' %}{% block content %}<p>Only a preview</p>{% endblock %}",
        page: 'home',
      });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Only a preview/);
      // The edited stylesheet travels in the page (a data: URL), so any app process can answer a preview;
      // only the preview's own policy allows data: stylesheets.
      const dataCss = (html: string) => {
        const href = stylesheetOf(html);
        assert.match(href, /^data:text\/css;base64,/);
        return Buffer.from(href.slice(href.indexOf(',') + 1), 'base64').toString('utf8');
      };
      assert.match(dataCss(res.body), /--link: #aa3300/);
      assert.match(String(res.headers['content-security-policy']), /style-src 'self' data:/);
      assert.doesNotMatch(String((await t.get('www', '/')).headers['content-security-policy']), /style-src[^;]*data:/);
      const post = await own.post(`${editor}/files/theme.css/preview`, { content: '.previewed { color: #123456 }', page: 'post' });
      assert.equal(post.statusCode, 200);
      assert.match(post.body, /Newest words/);
      assert.match(dataCss(post.body), /\.previewed/);
      const broken = await own.post(`${editor}/files/home.liquid/preview`, { content: '{% if %}', page: 'home' });
      assert.equal(broken.statusCode, 422);
      assert.equal((await fresh()).theme_version, before.theme_version);
      assert.doesNotMatch((await t.get('www', '/')).body, /Only a preview/);
    });

    test('only the owner and admins of the blog touch its theme, and only with the form token', async () => {
      const before = await fresh();
      const stranger = await new Client(t.app).signInAs(t.services, otherAdmin);
      assert.equal((await stranger.get('/admin/blogs/other/theme')).statusCode, 200, 'their own blog’s theme');
      assert.equal((await stranger.get(editor)).statusCode, 404);
      assert.equal((await stranger.post(editor, { theme: 'default' })).statusCode, 404);
      assert.equal((await stranger.post(`${editor}/files/home.liquid`, { content: 'x' })).statusCode, 404);
      const au = await new Client(t.app).signInAs(t.services, author);
      await au.get('/admin/blogs/www/posts');
      assert.doesNotMatch((await au.get('/admin/blogs/www/posts')).body, /\/theme"/, 'no Theme link for an author');
      assert.equal((await au.get(editor)).statusCode, 403);
      assert.equal((await au.post(`${editor}/settings`, { accent: '#000000' })).statusCode, 403);
      assert.equal((await au.post(`${editor}/files/home.liquid/reset`)).statusCode, 403);
      await own.get(editor);
      assert.equal((await own.post(editor, { theme: 'default' }, { csrf: null })).statusCode, 403);
      assert.equal((await own.post(`${editor}/files/home.liquid`, { content: 'x' }, { csrf: 'forged' })).statusCode, 403);
      assert.equal((await own.get(`${editor}/files/passwd`)).statusCode, 404);
      assert.equal((await own.get(`${editor}/files/..%2F..%2Fpackage.json`)).statusCode, 404);
      const after = await fresh();
      assert.equal(after.theme, before.theme);
      assert.equal(after.theme_version, before.theme_version);
    });
  });
}
