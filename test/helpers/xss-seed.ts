/**
 * Puts XSS payloads into every input a person can type into a blog, through the same services the forms
 * call (so each input's own checks and sanitizers run): profile names, post and page titles, bodies,
 * labels and search descriptions, comments signed-in and signed-out, layout gadgets, theme texts, the
 * contact form and the subscriber list. Inputs that refuse a payload are counted, not failed: refusing
 * is a safe answer. Used by test/browser/xss-inputs.test.ts.
 */
import { readFileSync } from 'node:fs';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import type { EditorInput } from '../../src/domain/posts/post-editor.service.js';
import { AppError } from '../../src/domain/errors.js';
import { parseTextOverrides } from '../../src/domain/themes/text-overrides.js';
import { catalogue, textsFor } from '../../src/render/i18n/translate.js';
import type { TestApp } from './app.js';

export const XSS_PAYLOADS = (
  JSON.parse(readFileSync('/work/shared/testdata/xss/dompurify-expect.json', 'utf8')) as { payload: string }[]
).map((p) => p.payload);

/** Payloads in groups that share one page (a comment thread, a layout, a set of theme texts). */
export const BATCH = 25;
export function batches<T>(list: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** What each input did with the payloads: stored (to be looked at in Chromium) or refused with a 4xx. */
export class InputTally {
  readonly stored = new Map<string, number>();
  readonly refused = new Map<string, number>();

  /** Runs `save`; a 4xx-kind refusal counts as refused (and returns undefined), anything else fails. */
  async attempt<T>(input: string, save: () => Promise<T>): Promise<T | undefined> {
    try {
      const saved = await save();
      this.stored.set(input, (this.stored.get(input) ?? 0) + 1);
      return saved;
    } catch (error) {
      if (error instanceof AppError && error.status < 500) {
        this.refused.set(input, (this.refused.get(input) ?? 0) + 1);
        return undefined;
      }
      throw error;
    }
  }

  get total(): number {
    let n = 0;
    for (const count of [...this.stored.values(), ...this.refused.values()]) n += count;
    return n;
  }
}

/** Cut to an input's length limit, so the payload's start is still tried where the whole is too long. */
const cut = (payload: string, max: number) => (payload.length > max ? payload.slice(0, max) : payload);

export interface SeededBlog {
  /** Per payload: its writer (display name = payload) and post (title, label, description). */
  writers: UserRow[];
  posts: (PostRow | undefined)[];
  pages: (PostRow | undefined)[];
  /** Per batch: a post carrying the batch's comments, and a page (title, body). */
  threads: PostRow[];
  contactIds: string[];
}

export async function seedPayloads(t: TestApp, blog: BlogRow, owner: UserRow, tally: InputTally): Promise<SeededBlog> {
  const { services } = t;
  const seeded: SeededBlog = { writers: [], posts: [], pages: [], threads: [], contactIds: [] };
  const started = Date.now();
  await services.blogs.updateSettings(blog.id, { postsPerPage: 50 });
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    const writer =
      (await tally.attempt('profile name', () =>
        services.users.createUser({ email: `writer-${i}@example.com`, displayName: cut(payload, 100) }),
      )) ?? (await services.users.createUser({ email: `writer-${i}@example.com`, displayName: `Writer ${i}` }));
    await services.users.addMember(blog.id, writer.id, 'author');
    seeded.writers.push(writer);
    const entry = (title: string, body: string, labels: string[]) => ({
      title,
      body,
      format: 'html' as const,
      labels,
      slug: `x-${i}`,
      searchDescription: cut(payload, 300),
      commentsSetting: 'allow' as const,
      author: writer,
      role: 'author' as const,
    });
    seeded.posts.push(
      (await tally.attempt('post title, label and description', () =>
        services.editor.create(blog, 'post', entry(cut(payload, 200), '<p>A plain body.</p>', [cut(payload, 100)]), 'publish', writer.id),
      )) ??
        (await tally.attempt('post title and description', () =>
          services.editor.create(blog, 'post', entry(cut(payload, 200), '<p>A plain body.</p>', []), 'publish', writer.id),
        )),
    );
  }
  for (const [b, group] of batches(XSS_PAYLOADS).entries()) {
    const thread = await services.editor.create(
      blog,
      'post',
      editorInput(owner, { title: `Comments ${b}`, body: '<p>Comments below.</p>', slug: `comments-${b}` }),
      'publish',
      owner.id,
    );
    seeded.threads.push(thread);
    // A page per batch: its title one payload, its body the whole batch (each payload alone in a body is
    // xss.test.ts's work; the pages gadget lists every page title on every page).
    seeded.pages.push(
      await tally.attempt('page title and body', () =>
        services.editor.create(blog, 'page', editorInput(owner, pageEntry(group, b)), 'publish', owner.id),
      ),
    );
    await seedComments(t, blog, thread, group, b, seeded.writers, tally);
  }
  await seedContact(t, blog, tally, seeded);
  for (const payload of XSS_PAYLOADS) {
    await tally.attempt('subscriber address', () => services.subscriberList.add(blog, { email: payload, frequency: 'each' }));
    await tally.attempt('subscriber address', () =>
      services.subscriberList.add(blog, { email: `"${cut(payload, 60)}"@example.com`, frequency: 'each' }),
    );
  }
  // An empty value means "the theme's own", so only payloads with something in them are tried.
  for (const payload of XSS_PAYLOADS.filter((one) => one.trim() !== ''))
    for (const field of ['background', 'text', 'accent', 'headingFont', 'bodyFont', 'contentWidth'])
      await tally.attempt('theme colour or font', () => services.themes.saveSettings(blog, { [field]: payload }));
  console.log(`XSS payloads stored in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return seeded;
}

/** What the editor's form would send, by the blog's owner unless said. */
function editorInput(author: UserRow, fields: Partial<EditorInput> & Pick<EditorInput, 'title' | 'body' | 'slug'>): EditorInput {
  return { format: 'html', labels: [], searchDescription: '', commentsSetting: 'allow', author, role: 'owner', ...fields };
}

function pageEntry(group: string[], b: number) {
  return {
    title: cut(group[0]!, 200),
    body: group.map((payload) => `<div>${payload}</div>`).join('\n'),
    labels: [],
    slug: `page-${b}`,
    searchDescription: cut(group[1] ?? '', 300),
  };
}

/** A batch of comments on one post: each payload signed out (name, website, body) and signed in (body). */
async function seedComments(
  t: TestApp,
  blog: BlogRow,
  thread: PostRow,
  group: string[],
  b: number,
  writers: UserRow[],
  tally: InputTally,
): Promise<void> {
  const { commentSubmissions: submissions, commentModeration } = t.services;
  const form = (payload: string, fields: { name?: string; url?: string }) => {
    const stamp = submissions.formStamp(thread.id);
    t.clock.advance(60_000);
    return {
      postId: thread.id,
      parentId: '',
      name: fields.name ?? '',
      email: '',
      url: fields.url ?? '',
      body: payload,
      notifyReplies: false,
      honeypot: '',
      stamp,
      proof: '',
      canSolve: false,
    };
  };
  const stored: string[] = [];
  for (const [j, payload] of group.entries()) {
    const n = b * group.length + j;
    const anonymous = { address: `198.51.${Math.floor(n / 250)}.${n % 250}`, userAgent: 'Mozilla/5.0', user: null };
    const result =
      (await tally.attempt('comment signed out (name, website, body)', () =>
        submissions.submit(blog, form(payload, { name: cut(payload, 100), url: cut(payload, 500) }), anonymous, 'http://www.example.test'),
      )) ??
      (await tally.attempt('comment signed out (name, body)', () =>
        submissions.submit(blog, form(payload, { name: cut(payload, 100) }), anonymous, 'http://www.example.test'),
      ));
    if (result?.kind === 'stored') stored.push(result.comment.id);
    const writer = writers[n]!;
    const signedIn = {
      address: '192.0.2.1',
      userAgent: 'Mozilla/5.0',
      user: { id: writer.id, name: writer.display_name, email: writer.email, role: 'author' as const },
    };
    const mine = await tally.attempt('comment signed in (body)', () =>
      submissions.submit(blog, form(payload, {}), signedIn, 'http://www.example.test'),
    );
    if (mine?.kind === 'stored') stored.push(mine.comment.id);
  }
  // Held ones are approved, so the blog shows every stored comment.
  await commentModeration.act(blog, stored, 'approve', 'http://www.example.test');
}

async function seedContact(t: TestApp, blog: BlogRow, tally: InputTally, seeded: SeededBlog): Promise<void> {
  const { contact } = t.services;
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    const stamp = contact.formStamp(blog);
    t.clock.advance(60_000);
    const sent = await tally.attempt('contact form (name, message)', () =>
      contact.submit(
        blog,
        { name: cut(payload, 100), email: `sender-${i}@example.com`, message: payload, honeypot: '', stamp, proof: '', canSolve: false },
        { address: `203.0.${Math.floor(i / 250)}.${i % 250}`, userAgent: 'Mozilla/5.0' },
      ),
    );
    if (sent?.kind === 'sent') seeded.contactIds.push(sent.message.id);
  }
}

/** Theme texts: a batch of payloads as overrides of as many catalogue messages (each kept if it is valid ICU). */
export async function saveThemeTexts(t: TestApp, blog: BlogRow, group: string[], tally: InputTally): Promise<number> {
  const texts = textsFor(blog.language);
  const current = Object.fromEntries(Object.keys(catalogue('en')).map((key) => [key, texts.source(key)]));
  const keys = Object.keys(current);
  const kept: Record<string, string> = {};
  for (const [j, payload] of group.entries()) {
    const key = keys[j % keys.length]!;
    const ok = await tally.attempt('theme text', async () =>
      parseTextOverrides({ ...kept, [key]: cut(payload, 1000) }, current, texts.locale),
    );
    if (ok !== undefined) kept[key] = cut(payload, 1000);
  }
  const fresh = (await t.services.blogs.blogForHost('www.example.test'))!;
  await t.services.themes.saveTextOverrides(fresh, parseTextOverrides(kept, current, texts.locale));
  return Object.keys(kept).length;
}

/** A layout for a batch: HTML, text and profile gadgets and a link list, each gadget titled with a payload. */
export async function saveLayoutBatch(t: TestApp, blog: BlogRow, group: string[], tally: InputTally): Promise<void> {
  const show = ['home', 'post', 'page', 'label', 'archive'];
  const links: { text: string; url: string }[] = [];
  const gadgets: unknown[] = [{ id: 'pages', type: 'pages', title: 'Pages', show, settings: {} }];
  const try1 = async (gadget: unknown, input: string) => {
    const layout = { sidebar: [...gadgets, gadget], footer: [], 'under-post': [] };
    if (await tally.attempt(input, () => t.services.layout.check(blog, 'owner', layout))) gadgets.push(gadget);
  };
  for (const [j, payload] of group.entries()) {
    const title = cut(payload, 200);
    if (j < 13) await try1({ id: `html-${j}`, type: 'html', title, show, settings: { html: payload } }, 'HTML gadget');
    else await try1({ id: `text-${j}`, type: 'text', title, show, settings: { text: payload } }, 'text gadget');
    const link = { text: cut(payload, 200), url: cut(payload, 2000) };
    const layout = {
      sidebar: [{ id: 'links', type: 'links', title: 'Links', show, settings: { links: [...links, link] } }],
      footer: [],
      'under-post': [],
    };
    if (await tally.attempt('link list', () => t.services.layout.check(blog, 'owner', layout))) links.push(link);
    else links.push({ text: cut(payload, 200), url: `/safe-${j}` });
  }
  gadgets.push({ id: 'links', type: 'links', title: 'Links', show, settings: { links: links.slice(0, 30) } });
  gadgets.push({ id: 'about', type: 'profile', title: cut(group[0]!, 200), show, settings: { about: cut(group.join('\n'), 2000) } });
  await t.services.layout.save(blog, 'owner', { sidebar: gadgets.slice(0, 40), footer: [], 'under-post': [] });
}
