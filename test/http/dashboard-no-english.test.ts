/**
 * No English left in an Urdu dashboard (issue 14): the owner of an Urdu blog, whose own language is Urdu,
 * opens every GET page of the dashboard in the app's route table, with real IDs filled in; and a
 * signed-out visitor whose browser asks for Urdu opens the pages shown before sign-in. Each page must be
 * `lang="ur" dir="rtl"`, and once tags, scripts, styles and the user's own content are taken away, no run
 * of Latin-script words may remain but the few names that stay Latin in an Urdu interface.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { testDatabases } from '../helpers/databases.js';
import { BROWSER_UA, hostOf, startTestApp, type TestApp } from '../helpers/app.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';
import { LANGUAGES } from '../../src/render/i18n/translate.js';
import { ContactRepository } from '../../src/storage/repositories/contact.repository.js';
import { MediaRepository } from '../../src/storage/repositories/media.repository.js';
import { AdminViews } from '../../src/render/dashboard/admin-views.js';

/** Names that stay in Latin letters in an Urdu interface: products, formats and protocols. */
const LATIN_NAMES = new Set(
  (
    'Dastan RSS Atom JSON HTML CSS API OAuth URL CSV SMTP IndieAuth Micropub Blogger WordPress Ghost Markdown ' +
    'Jekyll Hugo Eleventy Substack WXR XML Liquid UTC DNS CDN POST JPEG PNG WebP GIF AVIF SVG YouTube Vimeo Medium WriteFreely zip tar'
  ).split(' '),
);

/** What a user types or reads as it is: schemes, header names, a CSS unit, the letters of a contrast sample. */
const LITERALS = [
  'https',
  'http',
  'localhost',
  'PKCE',
  'S256',
  'v3',
  'Standard Webhooks',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'rem',
  'Aa',
];

/** What the test's owner wrote or named: their content, not the dashboard's words. */
const CONTENT = [
  'Lahore Diary',
  'Anarkali Walk',
  'Mall Road',
  'About Lahore',
  'Old Lahore',
  'Olive Khan',
  'Zain Ali',
  'Rafi',
  'Salaam',
  'Desk Editor',
  'Reader Name',
  'Deploy hook',
  'lahore',
  'walks',
];

/** Every page AdminViews renders until `stop()`: the template, its model and texts, and the HTML it made. */
function recordRenders() {
  const calls: {
    template: string;
    model: Parameters<AdminViews['render']>[1];
    texts: Parameters<AdminViews['render']>[2];
    html: string;
  }[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, and called with its own `this`
  const original = AdminViews.prototype.render;
  AdminViews.prototype.render = async function (this: AdminViews, template, model, texts) {
    const html = await original.call(this, template, model, texts);
    calls.push({ template, model, texts, html });
    return html;
  };
  return { calls, stop: () => (AdminViews.prototype.render = original) };
}

/** The user-facing text of a page: its words and the words of its labelling attributes, minus the user's own. */
function interfaceText(html: string): string {
  const body = html
    .replace(/<(script|style|textarea|pre|code|template)\b[\s\S]*?<\/\1>/gi, ' ')
    // One token the page marks as a left-to-right literal (a robots directive, an address).
    .replace(/<span dir="ltr">[^<\s]*<\/span>/g, ' ')
    // A person's and a blog's initial letter, drawn from their names.
    .replace(/<span class="(avatar|blog-initial)"[^>]*>[^<]*<\/span>/g, ' ')
    // Language names are written in their own language and time zones are IANA names: both stay as they are.
    .replace(/<select[^>]*name="(language|timeZone|timezone)"[\s\S]*?<\/select>/gi, ' ')
    .replace(/<option[^>]*value="(Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific|UTC|Etc)[^"]*"[^>]*>[^<]*/g, ' ');
  const labels = [...body.matchAll(/\s(?:placeholder|aria-label|title|alt)="([^"]*)"/g)].map((m) => m[1]);
  let text = [body.replace(/<[^>]*>/g, ' '), ...labels].join(' ');
  text = text
    // A quoted example in Latin letters only is what to type ("User-agent: *"), not a sentence.
    .replace(/&quot;[^&\u0600-\u06ff]{1,40}&quot;/g, ' ')
    // An HTML element's name ("<iframe>") is code.
    .replace(/&lt;\/?[a-z]+&gt;/g, ' ')
    .replace(/&[a-z]+;|&#\w+;/gi, ' ')
    .replace(/\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/g, ' ')
    .replace(/\bhttps?:\/\/\S*/g, ' ')
    .replace(/(^|\s)\/\S*/g, ' ')
    .replace(/#[0-9a-f]{3,8}\b/gi, ' ')
    .replace(/\b[\w-]+(\.[\w-]+)*\.(example|test|liquid|org|com|png|jpg|xml|css|js|html|txt)\b(\.[\w-]+)*(\/\S*)?/g, ' ');
  for (const words of [...CONTENT, ...LITERALS]) text = text.replace(new RegExp(`(?<![A-Za-z])${words}(?![A-Za-z])`, 'g'), ' ');
  return text;
}

/** Every run of Latin-script words left in the text that is not a name on the list. */
function latinRuns(text: string): string[] {
  const runs = text.match(/[A-Za-z][A-Za-z0-9'’.-]*(?:[\s,:;()]+[A-Za-z][A-Za-z0-9'’.-]*)*/g) ?? [];
  return [...new Set(runs.map((r) => r.trim()).filter((r) => r.split(/[\s,:;()]+/).some((w) => !LATIN_NAMES.has(w.replace(/[.]$/, '')))))];
}

function problemsOf(path: string, res: LightMyRequestResponse, status = 200): string[] {
  if (res.statusCode !== status) return [`${path}: ${res.statusCode} ${String(res.headers.location ?? '')}`];
  if (process.env.DUMP_PAGES) writeFileSync(`/tmp/u-pages/${path.replace(/[^a-z0-9]+/gi, '_').slice(0, 80)}.html`, res.body);
  const problems: string[] = [];
  if (!/<html lang="ur" dir="rtl"/.test(res.body)) problems.push(`${path}: not <html lang="ur" dir="rtl">`);
  const left = latinRuns(interfaceText(res.body));
  if (left.length > 0) problems.push(`${path}: ${left.map((r) => JSON.stringify(r)).join(', ')}`);
  return problems;
}

/** Routes that are not pages: files, downloads, and the reader's view of a post. */
const NOT_PAGES = /\/static\/|\.json$|\.csv$|\/preview$|\/admin\/\*$|\/theme\/texts$/;

const sqlite = testDatabases.filter((d) => d.name === 'sqlite');

for (const database of sqlite) {
  describe(`an Urdu dashboard has no English left on ${database.name}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(database, { allowSignup: true })));
    after(() => t.close());

    test('the pages before sign-in, for a browser that asks for Urdu', async () => {
      const visitor = new Client(t.app);
      visitor.acceptLanguage = 'ur-PK,ur;q=0.9,en;q=0.5';
      const problems: string[] = [];
      const open = async (path: string, status = 200) => problems.push(...problemsOf(path, await visitor.get(path), status));
      await open('/admin/setup');
      const owner = await t.services.users.createUser({ email: 'olive@lahore.example', displayName: 'Olive Khan' });
      const blog = await makeBlog(t.services, { name: 'lahore', title: 'Lahore Diary', language: 'ur' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      for (const path of ['/admin/sign-in', '/admin/sign-up', '/admin/forgot']) await open(path);
      await open('/admin/no-such-page', 404);
      problems.push(...problemsOf('the mailed-reset notice', await visitor.post('/admin/forgot', { email: 'olive@lahore.example' })));
      await t.services.jobs.drainForTests();
      await open(new URL(t.mail.lastLinkTo('olive@lahore.example')!).pathname);
      const invitation = await t.services.members.invite(blog, 'zain@lahore.example', 'author', owner, 'http://www.example.test');
      await open(new URL(invitation.link).pathname);
      assert.deepEqual(problems, [], `English left on pages before sign-in:\n${problems.join('\n')}`);
    });

    test("every dashboard page of an Urdu blog's Urdu owner", async () => {
      const s = t.services;
      const blog = (await s.repositories.blogs.findByName('lahore'))!;
      const owner = (await s.repositories.users.findByEmail('olive@lahore.example'))!;
      await s.accounts.setLanguage(owner, 'ur', LANGUAGES);
      const zain = await s.users.createUser({ email: 'zain@lahore.example', displayName: 'Zain Ali' });
      await s.users.addMember(blog.id, zain.id, 'author');
      const author = {
        author: owner,
        role: 'owner' as const,
        labels: ['walks'],
        slug: '',
        searchDescription: '',
        commentsSetting: 'allow' as const,
      };
      const input = (title: string, body: string) => ({ ...author, title, body: `<p>${body}</p>`, format: 'html' as const });
      const post = await s.editor.create(blog, 'post', input('Anarkali Walk', 'Mall Road'), 'publish', owner.id);
      await s.editor.update(blog, post, input('Anarkali Walk', 'Old Lahore'), 'publish', owner.id);
      const page = await s.editor.create(blog, 'page', input('About Lahore', 'Old Lahore'), 'publish', owner.id);
      const trashed = await s.editor.create(blog, 'post', input('Mall Road', 'Salaam'), 'draft', owner.id);
      await s.editor.moveToTrash(blog.id, [trashed.id]);
      await s.comments.addComment({
        blogId: blog.id,
        postId: post.id,
        parentId: null,
        authorName: 'Rafi',
        authorEmail: '',
        notifyReplies: false,
        body: '<p>Salaam</p>',
        status: 'pending',
      });
      await s.redirects.save(blog, { from: '/old-lahore', to: '/search/label/walks', status: 301 }, []);
      const hook = await s.webhooks.create(blog.id, owner.id, 'https://hooks.example.org/lahore', ['post.published']);
      const message = await new ContactRepository(s.storage.db).insert({
        id: '71',
        blogId: blog.id,
        name: 'Reader Name',
        email: 'reader@lahore.example',
        bodyHtml: '<p>Salaam</p>',
        folder: 'inbox',
        reasons: '',
        addressHash: 'a',
        emailHash: 'e',
        now: Date.now(),
      });
      await new MediaRepository(s.storage.db).insert({
        id: '81',
        blog_id: blog.id,
        src: `/uploads/${blog.id}/81/640.jpg`,
        width: 640,
        height: 480,
        bytes: 1000,
        uploaded_by: owner.id,
        created_at: Date.now(),
      });
      await s.importJobs.settled();
      await s.repositories.importJobs.insertRunning({
        id: '91',
        blogId: blog.id,
        userId: owner.id,
        fileName: 'lahore.xml',
        media: false,
        now: Date.now(),
      });
      await s.repositories.importJobs.finish('91', 'failed', { error: 'Salaam' }, Date.now());
      await s.api.tokens.create(owner.id, 'Desk Editor', [{ blog: blog.id, level: 'read' }]);
      const app = await s.api.oauth.registerClient(owner.id, {
        name: 'Desk Editor',
        redirectUris: ['https://app.example.org/callback'],
        confidential: false,
      });
      const revisionOf = async (id: string) => (await s.repositories.revisions.listForPost(blog.id, id))[0]!.id;
      // Views, so that the overview and the stats draw their charts: old ones as daily totals, one today.
      await s.repositories.views.addCounts([{ blogId: blog.id, postId: post.id, day: '2026-11-18', views: 20 }]);
      await t.app.inject({
        url: postPath(post),
        remoteAddress: '198.51.100.7',
        headers: { host: hostOf('lahore'), 'user-agent': BROWSER_UA },
      });
      await s.viewCounter.flush();

      const params: Record<string, string> = { blog: 'lahore', file: 'post.liquid', job: '91' };
      const ids: [RegExp, Record<string, string>][] = [
        [/\/pages\/:id/, { id: page.id, rev: await revisionOf(page.id) }],
        [/\/(posts|stats\/posts)\/:id/, { id: post.id, rev: await revisionOf(post.id) }],
        [/\/webhooks\/:id/, { id: hook.id }],
        [/\/inbox\/:id/, { id: message.id }],
      ];
      const extra = [
        '/admin/blogs/lahore/comments?status=spam',
        '/admin/blogs/lahore/inbox?folder=spam',
        '/admin/blogs/lahore/redirects?edit=%2Fold-lahore',
        '/admin/account?done=language',
        `/admin/oauth/authorize?client_id=${app.row.id}&redirect_uri=${encodeURIComponent('https://app.example.org/callback')}&response_type=code&scope=read&state=s&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`,
      ];
      const paths = t.app.routeTable
        .filter((r) => r.method === 'GET' && r.url.startsWith('/admin') && !NOT_PAGES.test(r.url))
        .filter((r) => !['/admin/setup', '/admin/sign-in', '/admin/sign-up', '/admin/forgot', '/admin/oauth/authorize'].includes(r.url))
        .filter((r) => !/:token/.test(r.url))
        .map((r) => {
          const values = { ...params, ...ids.find(([pattern]) => pattern.test(r.url))?.[1] };
          return r.url.replace(/:(\w+)/g, (_, name: string) => values[name] ?? `:${name}`);
        });

      const c = await new Client(t.app).signInAs(t.services, (await s.repositories.users.findById(owner.id))!);
      const rendered = recordRenders();
      const problems: string[] = paths.filter((p) => p.includes(':')).map((p) => `${p}: no value for its parameter`);
      for (const path of [...paths.filter((p) => !p.includes(':')), ...extra]) problems.push(...problemsOf(path, await c.get(path)));
      // Forms sent back with a mistake: the page again, saying what is wrong in Urdu.
      const mistakes: [string, Record<string, string>][] = [
        ['/admin/blogs/lahore/redirects', { from: 'nowhere', to: '', status: '301' }],
        ['/admin/blogs/lahore/webhooks', { url: 'ftp://hooks.example.org/in', events: 'post.published' }],
        ['/admin/blogs/lahore/members/invite', { email: 'not an address', role: 'author' }],
        ['/admin/blogs/lahore/settings', { title: '', postsPerPage: '0' }],
      ];
      for (const [path, form] of mistakes) {
        await c.get(path.replace(/\/invite$/, ''));
        const res = await c.post(path, form);
        problems.push(
          ...problemsOf(`${path} sent with a mistake`, res, res.statusCode >= 400 && res.statusCode < 500 ? res.statusCode : 400),
        );
      }
      // The dashboard's own refusal pages.
      for (const path of ['/admin/blogs/lahore/posts/1', '/admin/blogs/nowhere', '/admin/no-such-page'])
        problems.push(...problemsOf(path, await c.get(path), 404));
      rendered.stop();
      assert.ok(paths.length >= 35, `the walk found ${paths.length} pages`);
      assert.deepEqual(problems, [], `English left on ${problems.length} pages:\n${problems.join('\n')}`);
      // The dashboard's templates run compiled to JavaScript; each page of the walk reads the same through LiquidJS.
      const interpreted = new AdminViews(undefined, { compile: false });
      const templates = new Set<string>();
      for (const call of rendered.calls) {
        templates.add(call.template);
        assert.equal(
          call.html,
          await interpreted.render(call.template, call.model, call.texts),
          `${call.template}: compiled and interpreted differ`,
        );
      }
      assert.ok(templates.size >= 30, `${templates.size} templates compared`);
    });
  });
}
