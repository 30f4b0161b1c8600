/**
 * The authorization walk: every dashboard route × every role (owner, admin, author, contributor, reader,
 * a stranger, signed out) × the member's own blog and another blog × their own post and someone else's.
 * Each refused request must answer 401/403/404 (or send a browser to sign in) and change nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/services.js';
import type { BlogRow, PostKind, PostRow, Role, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';
import { ContactRepository } from '../../src/storage/repositories/contact.repository.js';
import { MediaRepository } from '../../src/storage/repositories/media.repository.js';

type Actor = Role | 'stranger' | 'anonymous';
const ACTORS: Actor[] = ['owner', 'admin', 'author', 'contributor', 'reader', 'stranger', 'anonymous'];
const rank: Record<Role, number> = { owner: 4, admin: 3, author: 2, contributor: 1, reader: 0 };
const atLeast = (role: Role | null, min: Role) => role !== null && rank[role] >= rank[min];
// A reader (of a private blog) reads it and nothing more: no route of the dashboard opens to them.

interface Fixture {
  blog: BlogRow;
  actor: UserRow;
  other: UserRow;
  /** The actor's role on this blog (null: not a member). */
  role: Role | null;
}

interface Target {
  path: string;
  form?: Record<string, string | string[]>;
  /** Send this image as a multipart upload instead of a form. */
  image?: Buffer;
  /** Send this export file as the import form does (multipart, the token in the form). */
  exportFile?: Buffer;
  /** Send this picture as the Theme page's forms do (multipart, the token in the form). */
  formImage?: Buffer;
}

interface RouteCase {
  method: 'GET' | 'POST';
  /** The route's URL pattern as registered. */
  route: string;
  name: string;
  /** Whether the post used is the actor's own (undefined: no post involved). */
  own?: boolean;
  target(s: Services, f: Fixture): Promise<Target>;
  allowed(role: Role | null, own: boolean): boolean;
}

const member = (role: Role | null) => role !== null && role !== 'reader';
const admin = (role: Role | null) => atLeast(role, 'admin');
const owner = (role: Role | null) => role === 'owner';
const mediaChange = (role: Role | null, own: boolean) => admin(role) || (own && member(role));
const canEdit = (role: Role | null, own: boolean) => admin(role) || (own && (role === 'author' || role === 'contributor'));
const canPublish = (role: Role | null, own: boolean) => admin(role) || (own && role === 'author');

/** A webhook of the fixture's blog, made by the service (as its owner would) unless the walk made one already. */
async function webhook(s: Services, f: Fixture) {
  const hooks = await s.webhooks.list(f.blog.id);
  for (const added of hooks.filter((h) => h.url.endsWith('/in'))) await s.webhooks.remove(f.blog.id, added.id);
  return (
    hooks.find((h) => h.url === 'https://hooks.example.org/walk') ??
    s.webhooks.create(f.blog.id, f.other.id, 'https://hooks.example.org/walk', ['post.published'])
  );
}

async function post(s: Services, f: Fixture, own: boolean, kind: PostKind = 'post', trashed = false): Promise<PostRow> {
  const author = own ? f.actor : f.other;
  const made = await s.editor.create(
    f.blog,
    kind,
    {
      title: 'Target',
      body: '<p>b</p>',
      format: 'html',
      labels: [],
      slug: '',
      searchDescription: '',
      commentsSetting: 'allow',
      author,
      role: 'author',
    },
    'draft',
    author.id,
  );
  if (trashed) await s.editor.moveToTrash(f.blog.id, [made.id]);
  return made;
}

const editorForm = (action: string) => ({ title: 'Changed', body: '<p>x</p>', action });
const section = (kind: PostKind) => (kind === 'page' ? 'pages' : 'posts');
const base = (f: Fixture) => `/admin/blogs/${f.blog.name}`;

function postCases(own: boolean): RouteCase[] {
  const o = own ? 'own' : "other's";
  const cases: RouteCase[] = [];
  for (const kind of ['post', 'page'] as PostKind[]) {
    const sec = section(kind);
    const edit = kind === 'page' ? (r: Role | null) => admin(r) : canEdit;
    const publish = kind === 'page' ? (r: Role | null) => admin(r) : canPublish;
    const route = `/admin/blogs/:blog/${sec}/:id`;
    cases.push(
      {
        method: 'GET',
        route,
        name: `edit ${o} ${kind}`,
        own,
        target: async (s, f) => ({ path: `${base(f)}/${sec}/${(await post(s, f, own, kind)).id}` }),
        allowed: edit,
      },
      {
        method: 'GET',
        route: `${route}/revisions`,
        name: `revisions of ${o} ${kind}`,
        own,
        target: async (s, f) => ({ path: `${base(f)}/${sec}/${(await post(s, f, own, kind)).id}/revisions` }),
        allowed: edit,
      },
      {
        method: 'GET',
        route: `${route}/revisions/:rev`,
        name: `a revision of ${o} ${kind}`,
        own,
        target: async (s, f) => {
          const p = await post(s, f, own, kind);
          const rev = (await s.repositories.revisions.listForPost(f.blog.id, p.id))[0]!;
          return { path: `${base(f)}/${sec}/${p.id}/revisions/${rev.id}` };
        },
        allowed: edit,
      },
      {
        method: 'POST',
        route: `${route}/revisions/:rev/restore`,
        name: `restore a revision of ${o} ${kind}`,
        own,
        target: async (s, f) => {
          const p = await post(s, f, own, kind);
          const rev = (await s.repositories.revisions.listForPost(f.blog.id, p.id))[0]!;
          return { path: `${base(f)}/${sec}/${p.id}/revisions/${rev.id}/restore` };
        },
        allowed: edit,
      },
      {
        method: 'GET',
        route: `${route}/preview`,
        name: `preview ${o} ${kind}`,
        own,
        target: async (s, f) => ({ path: `${base(f)}/${sec}/${(await post(s, f, own, kind)).id}/preview` }),
        allowed: edit,
      },
      {
        method: 'POST',
        route: `${route}/preview`,
        name: `preview ${o} ${kind} as the form has it`,
        own,
        target: async (s, f) => ({ path: `${base(f)}/${sec}/${(await post(s, f, own, kind)).id}/preview`, form: editorForm('draft') }),
        allowed: edit,
      },
      {
        method: 'POST',
        route: `${route}/autosave`,
        name: `autosave ${o} ${kind}`,
        own,
        target: async (s, f) => ({
          path: `${base(f)}/${sec}/${(await post(s, f, own, kind)).id}/autosave`,
          form: { title: 'Auto', body: '<p>a</p>' },
        }),
        allowed: edit,
      },
      {
        method: 'POST',
        route,
        name: `save ${o} ${kind} as draft`,
        own,
        target: async (s, f) => ({ path: `${base(f)}/${sec}/${(await post(s, f, own, kind)).id}`, form: editorForm('draft') }),
        allowed: edit,
      },
      {
        method: 'POST',
        route,
        name: `publish ${o} ${kind} from the editor`,
        own,
        target: async (s, f) => ({ path: `${base(f)}/${sec}/${(await post(s, f, own, kind)).id}`, form: editorForm('publish') }),
        allowed: publish,
      },
      {
        method: 'POST',
        route,
        name: `give ${o} ${kind} another author`,
        own,
        target: async (s, f) => {
          const p = await post(s, f, own, kind);
          return { path: `${base(f)}/${sec}/${p.id}`, form: { ...editorForm('draft'), authorId: own ? f.other.id : f.actor.id } };
        },
        allowed: (r) => admin(r),
      },
      {
        method: 'POST',
        route: `${route}/publish`,
        name: `approve ${o} ${kind}`,
        own,
        target: async (s, f) => ({ path: `${base(f)}/${sec}/${(await post(s, f, own, kind)).id}/publish` }),
        allowed: publish,
      },
      {
        method: 'POST',
        route: `${route}/trash`,
        name: `trash ${o} ${kind}`,
        own,
        target: async (s, f) => ({ path: `${base(f)}/${sec}/${(await post(s, f, own, kind)).id}/trash` }),
        allowed: edit,
      },
      {
        method: 'POST',
        route: `/admin/blogs/:blog/${sec}/bulk`,
        name: `bulk-trash ${o} ${kind}`,
        own,
        target: async (s, f) => ({ path: `${base(f)}/${sec}/bulk`, form: { action: 'trash', ids: [(await post(s, f, own, kind)).id] } }),
        allowed: edit,
      },
      {
        method: 'POST',
        route: `/admin/blogs/:blog/${sec}/bulk`,
        name: `bulk-publish ${o} ${kind}`,
        own,
        target: async (s, f) => ({ path: `${base(f)}/${sec}/bulk`, form: { action: 'publish', ids: [(await post(s, f, own, kind)).id] } }),
        allowed: publish,
      },
    );
  }
  for (const action of ['restore', 'delete']) {
    cases.push({
      method: 'POST',
      route: `/admin/blogs/:blog/trash/${action}`,
      name: `${action} ${o} trashed post`,
      own,
      target: async (s, f) => ({ path: `${base(f)}/trash/${action}`, form: { ids: [(await post(s, f, own, 'post', true)).id] } }),
      allowed: canEdit,
    });
  }
  return cases;
}

const blogCases: RouteCase[] = [
  {
    method: 'GET',
    route: '/admin/blogs/:blog/posts',
    name: 'post list',
    target: async (_s, f) => ({ path: `${base(f)}/posts` }),
    allowed: member,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/posts/new',
    name: 'new post form',
    target: async (_s, f) => ({ path: `${base(f)}/posts/new` }),
    allowed: member,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/posts',
    name: 'create a draft',
    target: async (_s, f) => ({ path: `${base(f)}/posts`, form: editorForm('draft') }),
    allowed: member,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/posts',
    name: 'submit a post',
    target: async (_s, f) => ({ path: `${base(f)}/posts`, form: editorForm('submit') }),
    allowed: member,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/posts',
    name: 'publish a new post',
    target: async (_s, f) => ({ path: `${base(f)}/posts`, form: editorForm('publish') }),
    allowed: (r) => atLeast(r, 'author'),
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/posts/autosave',
    name: 'autosave a new post',
    target: async (_s, f) => ({ path: `${base(f)}/posts/autosave`, form: { title: 'A', body: 'b' } }),
    allowed: member,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/posts/preview',
    name: 'preview a new post',
    target: async (_s, f) => ({ path: `${base(f)}/posts/preview`, form: editorForm('draft') }),
    allowed: member,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/pages/preview',
    name: 'preview a new page',
    target: async (_s, f) => ({ path: `${base(f)}/pages/preview`, form: editorForm('draft') }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/pages/autosave',
    name: 'autosave a new page',
    target: async (_s, f) => ({ path: `${base(f)}/pages/autosave`, form: { title: 'A', body: 'b' } }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/uploads',
    name: 'upload an image',
    target: async (_s, f) => ({ path: `${base(f)}/uploads`, image: TINY_PNG }),
    allowed: member,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/pages',
    name: 'page list',
    target: async (_s, f) => ({ path: `${base(f)}/pages` }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/pages/new',
    name: 'new page form',
    target: async (_s, f) => ({ path: `${base(f)}/pages/new` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/pages',
    name: 'create a page',
    target: async (_s, f) => ({ path: `${base(f)}/pages`, form: editorForm('draft') }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/trash',
    name: 'trash',
    target: async (_s, f) => ({ path: `${base(f)}/trash` }),
    allowed: member,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/trash/empty',
    name: 'empty the trash',
    target: async (_s, f) => ({ path: `${base(f)}/trash/empty` }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/settings',
    name: 'settings',
    target: async (_s, f) => ({ path: `${base(f)}/settings` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/settings',
    name: 'save settings',
    target: async (_s, f) => ({
      path: `${base(f)}/settings`,
      form: {
        title: 'Renamed',
        language: 'en',
        timeZone: 'UTC',
        postsPerPage: '7',
        popularWindow: '30d',
        popularCount: '5',
        snippetLength: '150',
        customDomain: f.blog.custom_domain ?? '',
      },
    }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/settings',
    name: 'set the custom domain',
    target: async (_s, f) => ({
      path: `${base(f)}/settings`,
      form: {
        title: 'T',
        language: 'en',
        timeZone: 'UTC',
        postsPerPage: '7',
        popularWindow: '30d',
        popularCount: '5',
        snippetLength: '150',
        customDomain: `d${Date.now()}${Math.random().toString(36).slice(2, 8)}.example.org`,
      },
    }),
    allowed: owner,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/comments',
    name: 'the comment queue',
    target: async (_s, f) => ({ path: `${base(f)}/comments` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/comments',
    name: 'approve a comment',
    target: async (s, f) => {
      const live = await s.posts.createPost({ blogId: f.blog.id, title: 'Commented', body: '<p>b</p>' });
      const held = await s.comments.addComment({ blogId: f.blog.id, postId: live.id, authorName: 'R', body: 'held', status: 'pending' });
      return { path: `${base(f)}/comments`, form: { one: `approve:${held.id}` } };
    },
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/comments/:id/reply',
    name: 'reply to a comment from the queue',
    target: async (s, f) => {
      const live = await s.posts.createPost({ blogId: f.blog.id, title: 'Answered', body: '<p>b</p>' });
      const held = await s.comments.addComment({ blogId: f.blog.id, postId: live.id, authorName: 'R', body: 'held', status: 'pending' });
      return { path: `${base(f)}/comments/${held.id}/reply`, form: { reply: 'Thank you.' } };
    },
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/inbox',
    name: 'the inbox',
    target: async (_s, f) => ({ path: `${base(f)}/inbox?folder=spam` }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/inbox/:id',
    name: 'open a message',
    target: async (s, f) => ({ path: `${base(f)}/inbox/${(await contactMessage(s, f)).id}` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/inbox',
    name: 'move a message to spam',
    target: async (s, f) => ({ path: `${base(f)}/inbox`, form: { one: `spam:${(await contactMessage(s, f)).id}` } }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/redirects',
    name: 'the redirects',
    target: async (s, f) => ({ path: `${base(f)}/redirects?edit=${encodeURIComponent(await redirectFrom(s, f))}` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/redirects',
    name: 'add a redirect',
    // Every actor adds another address: the blog is the same for all of them.
    target: async (_s, f) => ({
      path: `${base(f)}/redirects`,
      form: { from: `/walk/added-${++addedRedirects}`, to: '/p/about.html', status: '302' },
    }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/redirects/remove',
    name: 'remove a redirect',
    target: async (s, f) => ({ path: `${base(f)}/redirects/remove`, form: { from: await redirectFrom(s, f) } }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/media',
    name: 'the media library',
    target: async (_s, f) => ({ path: `${base(f)}/media` }),
    allowed: member,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/media.json',
    name: 'the media library for the editor',
    target: async (_s, f) => ({ path: `${base(f)}/media.json` }),
    allowed: member,
  },
  ...[true, false].flatMap((own): RouteCase[] => [
    {
      method: 'POST',
      route: '/admin/blogs/:blog/media/:id/alt',
      own,
      name: `alt text of ${own ? 'an own' : 'another’s'} upload`,
      target: async (s, f) => ({ path: `${base(f)}/media/${await upload(s, f, own)}/alt`, form: { alt: 'A walk by the river' } }),
      allowed: mediaChange,
    },
    {
      method: 'POST',
      route: '/admin/blogs/:blog/media/:id/delete',
      own,
      name: `delete ${own ? 'an own' : 'another’s'} upload`,
      target: async (s, f) => ({ path: `${base(f)}/media/${await upload(s, f, own)}/delete` }),
      allowed: mediaChange,
    },
  ]),
  {
    method: 'GET',
    route: '/admin/blogs/:blog/settings/comments',
    name: 'comment settings',
    target: async (_s, f) => ({ path: `${base(f)}/settings/comments` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/settings/comments',
    name: 'save comment settings',
    target: async (_s, f) => ({
      path: `${base(f)}/settings/comments`,
      form: { access: 'anyone', moderation: 'always', moderationDays: '3', depth: '4' },
    }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/members',
    name: 'members',
    target: async (_s, f) => ({ path: `${base(f)}/members` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/members/invite',
    name: 'invite an author',
    target: async (_s, f) => ({
      path: `${base(f)}/members/invite`,
      form: { email: `i${Math.random().toString(36).slice(2)}@example.com`, role: 'author' },
    }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/members/invite',
    name: 'invite a reader',
    target: async (_s, f) => ({
      path: `${base(f)}/members/invite`,
      form: { email: `r${Math.random().toString(36).slice(2)}@example.com`, role: 'reader' },
    }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/members/:user',
    name: 'make a reader an author',
    target: async (s, f) => ({ path: `${base(f)}/members/${(await newMember(s, f, 'reader')).id}`, form: { role: 'author' } }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/members/invite',
    name: 'invite an owner',
    target: async (_s, f) => ({
      path: `${base(f)}/members/invite`,
      form: { email: `i${Math.random().toString(36).slice(2)}@example.com`, role: 'owner' },
    }),
    allowed: owner,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/members/:user',
    name: 'promote a contributor',
    target: async (s, f) => ({ path: `${base(f)}/members/${(await newMember(s, f, 'contributor')).id}`, form: { role: 'author' } }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/members/:user',
    name: 'demote an admin',
    target: async (s, f) => ({ path: `${base(f)}/members/${(await newMember(s, f, 'admin')).id}`, form: { role: 'contributor' } }),
    allowed: owner,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/invites/:invite/withdraw',
    name: 'withdraw an invitation',
    target: async (s, f) => {
      const inviter = (await s.repositories.users.membersOfBlog(f.blog.id)).find((m) => m.role === 'owner')!;
      const email = `w${Math.random().toString(36).slice(2)}@example.com`;
      await s.members.invite(f.blog, email, 'author', (await s.repositories.users.findById(inviter.user_id))!, 'http://x');
      const invite = (await s.members.listInvites(f.blog.id)).find((i) => i.email === email)!;
      return { path: `${base(f)}/invites/${invite.id}/withdraw` };
    },
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/theme',
    name: 'theme',
    target: async (_s, f) => ({ path: `${base(f)}/theme` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/theme',
    name: 'choose a theme',
    target: async (_s, f) => ({ path: `${base(f)}/theme`, form: { theme: f.blog.theme === 'minimal' ? 'default' : 'minimal' } }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/theme/settings',
    name: 'theme colours',
    target: async (_s, f) => ({
      path: `${base(f)}/theme/settings`,
      form: {
        accent: `#${Math.floor(Math.random() * 0x80)
          .toString(16)
          .padStart(2, '0')}0000`,
      },
    }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/theme/files/:file',
    name: 'theme file editor',
    target: async (_s, f) => ({ path: `${base(f)}/theme/files/home.liquid` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/theme/files/:file',
    name: 'save a theme file',
    target: async (_s, f) => ({ path: `${base(f)}/theme/files/theme.css`, form: { content: `.x${Date.now()} { color: #123456 }` } }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/theme/files/:file/preview',
    name: 'preview a theme file',
    target: async (_s, f) => ({ path: `${base(f)}/theme/files/home.liquid/preview`, form: { content: '<p>preview</p>', page: 'home' } }),
    allowed: admin,
  },

  {
    method: 'POST',
    route: '/admin/blogs/:blog/theme/files/:file/reset',
    name: 'reset a theme file',
    target: async (s, f) => {
      await s.themes.saveFile(f.blog, 'theme.css', `.y${Date.now()} {}`, null);
      return { path: `${base(f)}/theme/files/theme.css/reset` };
    },
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/theme/preview',
    name: 'preview the blog in a theme',
    target: async (_s, f) => ({ path: `${base(f)}/theme/preview?theme=magazine&accent=%230b57d0` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/theme/images/:image',
    name: 'upload a logo',
    target: async (_s, f) => ({ path: `${base(f)}/theme/images/logo`, formImage: TINY_PNG }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/theme/images/:image/remove',
    name: 'remove the header image',
    target: async (s, f) => {
      await s.themes.setImage(f.blog, 'header', `/uploads/${f.blog.id}/1/640.jpg`);
      return { path: `${base(f)}/theme/images/header/remove` };
    },
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/settings/search',
    name: 'search engine settings',
    target: async (_s, f) => ({ path: `${base(f)}/settings/search` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/settings/search',
    name: 'save search engine settings',
    target: async (_s, f) => ({
      path: `${base(f)}/settings/search`,
      form: { customRobotsTxt: '1', robotsTxt: `User-agent: *\nDisallow: /x${Math.random()}`, searchDescriptionEnabled: '1' },
    }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/layout',
    name: 'layout screen',
    target: async (_s, f) => ({ path: `${base(f)}/layout` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/layout',
    name: 'save the layout',
    target: async (_s, f) => ({
      path: `${base(f)}/layout`,
      form: {
        gadget: 'sidebar|text-1|text',
        'g-text-1-title': `T${Math.random()}`,
        'g-text-1-text': 'Hello',
        'g-text-1-show': 'home',
        action: 'save',
      },
    }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/layout/preview',
    name: 'preview the layout',
    target: async (_s, f) => ({ path: `${base(f)}/layout/preview`, form: { gadget: 'sidebar|search|search', 'g-search-show': 'home' } }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/layout/reset',
    name: 'reset the layout',
    target: async (_s, f) => ({ path: `${base(f)}/layout/reset` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/layout/pages',
    name: 'move a page in the page order',
    target: async (s, f) => ({ path: `${base(f)}/layout/pages`, form: { move: `${(await post(s, f, true, 'page')).id}:up` } }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/settings/embeds',
    name: 'embed providers',
    target: async (_s, f) => ({ path: `${base(f)}/settings/embeds` }),
    allowed: owner,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/settings/embeds',
    name: 'add an embed provider',
    target: async (_s, f) => ({
      path: `${base(f)}/settings/embeds`,
      form: { providers: `m${Math.random().toString(36).slice(2, 8)}.example.org/embed/` },
    }),
    allowed: owner,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/owner',
    name: 'hand over or delete page',
    target: async (_s, f) => ({ path: `${base(f)}/owner` }),
    allowed: owner,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/hand-over',
    name: 'hand the blog over',
    // A blog of its own with the actor in the same role: handing over the walk's blog would change every later case.
    target: async (s, f) => {
      const { blog, colleague } = await throwawayBlog(s, f);
      return { path: `/admin/blogs/${blog.name}/hand-over`, form: { to: colleague.id } };
    },
    allowed: owner,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/delete',
    name: 'delete the blog',
    target: async (s, f) => {
      const { blog } = await throwawayBlog(s, f);
      return { path: `/admin/blogs/${blog.name}/delete`, form: { confirm: blog.name } };
    },
    allowed: owner,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog',
    name: 'overview',
    target: async (_s, f) => ({ path: base(f) }),
    allowed: member,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/jobs',
    name: 'failed background jobs',
    target: async (_s, f) => ({ path: `${base(f)}/jobs` }),
    allowed: owner,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/jobs/:job/retry',
    name: 'retry a failed job',
    target: async (s, f) => {
      s.jobs.handle('test.fails', async () => {
        throw new Error('fails');
      });
      await s.jobs.enqueue({ kind: 'test.fails', payload: {}, maxAttempts: 1, blogId: f.blog.id });
      await s.jobs.drainForTests();
      const [job] = await s.jobs.listFailed(f.blog.id);
      return { path: `${base(f)}/jobs/${job!.id}/retry` };
    },
    allowed: owner,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/webhooks',
    name: 'webhooks',
    target: async (_s, f) => ({ path: `${base(f)}/webhooks` }),
    allowed: owner,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/webhooks',
    name: 'add a webhook',
    target: async (s, f) => {
      await webhook(s, f); // clears what earlier walks added, so the blog stays under its limit
      return { path: `${base(f)}/webhooks`, form: { url: 'https://hooks.example.org/in', events: ['post.published'] } };
    },
    allowed: owner,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/webhooks/:id',
    name: 'a webhook’s deliveries',
    target: async (s, f) => ({ path: `${base(f)}/webhooks/${(await webhook(s, f)).id}` }),
    allowed: owner,
  },
  ...(['enable', 'disable', 'delete'] as const).map((action): RouteCase => ({
    method: 'POST',
    route: `/admin/blogs/:blog/webhooks/:id/${action}`,
    name: `${action} a webhook`,
    target: async (s, f) => ({ path: `${base(f)}/webhooks/${(await webhook(s, f)).id}/${action}` }),
    allowed: owner,
  })),
  {
    method: 'POST',
    route: '/admin/blogs/:blog/webhooks/:id/deliveries/:delivery/again',
    name: 'send a webhook delivery again',
    target: async (s, f) => {
      const hook = await webhook(s, f);
      await s.webhooks.emit(f.blog.id, 'post.published', { walk: true });
      const [delivery] = await s.webhooks.deliveries(f.blog.id, hook.id);
      return { path: `${base(f)}/webhooks/${hook.id}/deliveries/${delivery!.id}/again` };
    },
    allowed: owner,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/subscribers',
    name: 'subscribers',
    target: async (_s, f) => ({ path: `${base(f)}/subscribers` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/subscribers',
    name: 'add a subscriber',
    target: async (_s, f) => ({ path: `${base(f)}/subscribers`, form: { email: `walk${++memberCounter}@example.org`, frequency: 'each' } }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/subscribers/:subscriber/remove',
    name: 'remove a subscriber',
    target: async (s, f) => {
      const added = await s.subscriberList.add(f.blog, { email: `gone${++memberCounter}@example.org`, frequency: 'each' });
      return { path: `${base(f)}/subscribers/${added.id}/remove`, form: {} };
    },
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/subscribers.csv',
    name: 'subscribers as CSV',
    target: async (_s, f) => ({ path: `${base(f)}/subscribers.csv` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/subscribers/import',
    name: 'import subscribers from CSV',
    target: async (_s, f) => ({
      path: `${base(f)}/subscribers/import`,
      exportFile: Buffer.from(`email\r\nwalk-import${++memberCounter}@example.org\r\n`),
    }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/subscribers/mailings',
    name: 'mailings',
    target: async (_s, f) => ({ path: `${base(f)}/subscribers/mailings` }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/stats',
    name: 'stats',
    target: async (_s, f) => ({ path: `${base(f)}/stats` }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/stats.csv',
    name: 'stats as CSV',
    target: async (_s, f) => ({ path: `${base(f)}/stats.csv?table=referrers` }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/stats/posts/:id',
    name: 'one post’s views by day',
    target: async (s, f) => {
      const post = await s.posts.createPost({ blogId: f.blog.id, title: 'Counted', body: '<p>b</p>' });
      return { path: `${base(f)}/stats/posts/${post.id}` };
    },
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/stats/beacon',
    name: 'count by the view beacon',
    target: async (_s, f) => ({ path: `${base(f)}/stats/beacon`, form: { beacon: 'on' } }),
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/import',
    name: 'import and export page',
    target: async (_s, f) => ({ path: `${base(f)}/import` }),
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/import',
    name: 'upload an export to import',
    target: async (s, f) => {
      // One import at a time per blog: let the previous case's finish first.
      await s.importJobs.settled();
      return { path: `${base(f)}/import`, exportFile: TINY_BLOGGER };
    },
    allowed: admin,
  },
  {
    method: 'GET',
    route: '/admin/blogs/:blog/import/:job',
    name: 'an import job and its report',
    target: async (s, f) => {
      await s.importJobs.settled();
      const id = `${Date.now()}${Math.floor(Math.random() * 1000)}`.slice(0, 18);
      await s.repositories.importJobs.insertRunning({
        id,
        blogId: f.blog.id,
        userId: f.other.id,
        fileName: 'x.xml',
        media: false,
        now: Date.now(),
      });
      await s.repositories.importJobs.finish(id, 'failed', { error: 'stopped' }, Date.now());
      return { path: `${base(f)}/import/${id}` };
    },
    allowed: admin,
  },
  {
    method: 'POST',
    route: '/admin/blogs/:blog/export',
    name: 'download an export',
    target: async (_s, f) => ({ path: `${base(f)}/export`, form: { format: 'json' } }),
    allowed: admin,
  },
];

let throwaways = 0;
/** A new blog where the actor has the fixture's role (none on the other blog), with an author to hand it to. */
async function throwawayBlog(s: Services, f: Fixture): Promise<{ blog: BlogRow; colleague: UserRow }> {
  const blog = await s.blogs.createBlog({ name: `throwaway${++throwaways}`, title: 'Throwaway' });
  if (f.role) await s.users.addMember(blog.id, f.actor.id, f.role);
  const keeper = await s.users.createUser({ email: `keeper${throwaways}-${Date.now()}@example.com` });
  await s.users.addMember(blog.id, keeper.id, f.role === 'owner' ? 'author' : 'owner');
  return { blog, colleague: keeper };
}
/** A Blogger backup with one post: a real file the import form takes. */
const TINY_BLOGGER = Buffer.from(
  `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:blogger="http://schemas.google.com/blogger/2018">
<id>tag:blogger.com,1999:blog-1</id><title>Walk</title>
<entry><id>tag:blogger.com,1999:blog-1.post-${Date.now()}</id><blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>
<title>Imported in the walk</title><content type="html">&lt;p&gt;hi&lt;/p&gt;</content><published>2020-01-02T03:04:05Z</published>
<blogger:filename>/2020/01/walk.html</blogger:filename></entry>
</feed>`,
);

const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

let addedRedirects = 0;

/** The old address of a redirect the blog has (made once, kept between cases). */
async function redirectFrom(s: Services, f: Fixture): Promise<string> {
  const from = '/walk/old-address';
  if ((await s.redirects.list(f.blog)).every((r) => r.from_path !== from))
    await s.redirects.save(f.blog, { from, to: '/search/label/walks', status: 301 }, []);
  return from;
}

/** An upload of the fixture's blog, recorded in its media library as the actor's own or another member's. */
async function upload(s: Services, f: Fixture, own: boolean): Promise<string> {
  const id = `8${Math.floor(Math.random() * 1e15)}`;
  await new MediaRepository(s.storage.db).insert({
    id,
    blog_id: f.blog.id,
    src: `/uploads/${f.blog.id}/${id}/640.jpg`,
    width: 640,
    height: 480,
    bytes: 1000,
    uploaded_by: own ? f.actor.id : f.other.id,
    created_at: Date.now(),
  });
  return id;
}

/** A message in the blog's inbox, as the contact form stores it. */
async function contactMessage(s: Services, f: Fixture) {
  return new ContactRepository(s.storage.db).insert({
    id: `7${Math.floor(Math.random() * 1e15)}`,
    blogId: f.blog.id,
    name: 'Reader',
    email: 'reader@example.org',
    bodyHtml: '<p>Hello</p>',
    folder: 'inbox',
    reasons: '',
    addressHash: 'a',
    emailHash: 'e',
    now: Date.now(),
  });
}

let memberCounter = 0;
async function newMember(s: Services, f: Fixture, role: Role): Promise<UserRow> {
  const user = await s.users.createUser({ email: `m${++memberCounter}-${Date.now()}@example.com` });
  await s.users.addMember(f.blog.id, user.id, role);
  return user;
}

/** Everything a dashboard request could change, as one string. */
async function snapshot(s: Services): Promise<string> {
  const db = s.storage.db;
  const tables = await Promise.all([
    db.selectFrom('posts').selectAll().orderBy('id').execute(),
    db.selectFrom('memberships').selectAll().orderBy('blog_id').orderBy('user_id').execute(),
    db.selectFrom('blogs').selectAll().orderBy('id').execute(),
    db.selectFrom('auth_tokens').select(['id', 'used_at']).orderBy('id').execute(),
    db.selectFrom('post_revisions').select('id').orderBy('id').execute(),
    db.selectFrom('post_labels').selectAll().orderBy('post_id').execute(),
    db.selectFrom('theme_files').selectAll().orderBy('blog_id').orderBy('file').execute(),
    db.selectFrom('comments').select(['id', 'status']).orderBy('id').execute(),
    db.selectFrom('comment_settings').selectAll().orderBy('blog_id').execute(),
    db.selectFrom('import_jobs').select(['id', 'status']).orderBy('id').execute(),
    db.selectFrom('webhooks').select(['id', 'url', 'disabled_at']).orderBy('id').execute(),
    db.selectFrom('webhook_deliveries').select(['id', 'status']).orderBy('id').execute(),
    db.selectFrom('contact_messages').select(['id', 'folder', 'read_at']).orderBy('id').execute(),
    db.selectFrom('subscribers').select(['id', 'status']).orderBy('id').execute(),
    db.selectFrom('media').select(['id', 'alt']).orderBy('id').execute(),
    db
      .selectFrom('redirects')
      .select(['blog_id', 'from_path', 'target_path', 'status_code'])
      .orderBy('blog_id')
      .orderBy('from_path')
      .execute(),
  ]);
  return JSON.stringify(tables);
}

const ALL_CASES = [...blogCases, ...postCases(true), ...postCases(false)];

type Who = 'anyone' | 'signed-in' | 'signed-out' | 'link-token' | 'comment-writer';
/**
 * Every route that is not one blog's dashboard, with who may use it (the Blogger API under `/v3/`
 * answers to its bearer tokens, walked by test/http/blogger-api.test.ts). `signed-in` routes are checked to
 * refuse the signed-out; the rest are public by nature (say why).
 */
const OUTSIDE_THE_WALK: Record<string, { who: Who; why: string }> = {
  'GET /admin/*': { who: 'anyone', why: 'the dashboard’s own 404 page for an unknown address' },
  'POST /admin/account/language': { who: 'signed-in', why: 'the signed-in user’s own dashboard language' },
  'GET /_dastan/tls-ask': { who: 'anyone', why: 'a TLS proxy asks whether a host name is one of the blogs; it changes nothing' },
  'GET /admin/blogs/:blog/theme/texts': {
    who: 'signed-in',
    why: 'owners and admins of the blog (test/http/blog-texts tests refuse authors)',
  },
  'POST /admin/blogs/:blog/theme/texts': {
    who: 'signed-in',
    why: 'owners and admins of the blog (test/http/blog-texts tests refuse authors)',
  },
  'GET /subscribe': { who: 'anyone', why: 'the follow-by-e-mail form of a public blog' },
  'GET /contact': { who: 'anyone', why: 'the contact form of a public blog' },
  'POST /contact': { who: 'anyone', why: 'a reader’s message to the blog’s inbox (stamp, honeypot, flood check, screens)' },
  'POST /subscribe': { who: 'anyone', why: 'asks for a confirm mail to that address only' },
  'GET /subscribe/confirm': { who: 'anyone', why: 'the page of the signed confirm link' },
  'POST /subscribe/confirm': { who: 'anyone', why: 'acts only with the signed single-use token' },
  'GET /unsubscribe': { who: 'anyone', why: 'the page of the signed unsubscribe link' },
  'POST /unsubscribe': { who: 'anyone', why: 'RFC 8058 one-click unsubscribe with the signed token' },
  'GET /share': { who: 'anyone', why: 'the share-on-the-fediverse page of a public post' },
  'GET /static/share.js': { who: 'anyone', why: 'the share button’s script' },
  'GET /favicon.ico': { who: 'anyone', why: 'the blog’s icon' },
  'GET /admin/static/admin.css': { who: 'anyone', why: 'the dashboard stylesheet' },
  'GET /admin/static/preview.css': { who: 'anyone', why: 'the preview stylesheet' },
  'GET /admin/static/editor.js': { who: 'anyone', why: 'the editor script' },
  'GET /admin/static/layout.js': { who: 'anyone', why: 'the Layout screen\u2019s script (moving gadgets, uploading an image)' },
  'GET /admin/static/theme.js': { who: 'anyone', why: 'the Theme page\u2019s colour pickers and live contrast check' },
  'GET /admin/static/code.js': { who: 'anyone', why: 'the theme file page\u2019s code editor (CodeMirror)' },
  'GET /admin/static/queue.js': { who: 'anyone', why: 'the moderation queue\u2019s select-all box' },
  'GET /admin/static/theme-preview.js': { who: 'anyone', why: 'the Theme page\u2019s script (the live preview follows the settings form)' },
  'GET /admin/setup': { who: 'anyone', why: 'only until the first owner exists' },
  'POST /admin/setup': { who: 'anyone', why: 'only until the first owner exists' },
  'GET /admin/sign-in': { who: 'anyone', why: 'the sign-in form' },
  'POST /admin/sign-in': { who: 'anyone', why: 'signing in' },
  'POST /admin/sign-out': { who: 'anyone', why: 'ends the session it is sent with, if any' },
  'POST /admin/sign-out-everywhere': { who: 'signed-in', why: 'ends the user’s sessions' },
  'GET /admin/account': { who: 'signed-in', why: 'the user’s own account' },
  'POST /admin/account/feeds/:blog/renew': { who: 'signed-in', why: 'a new secret feed address of a private blog the user reads' },
  'GET /admin/account/tokens': { who: 'signed-in', why: 'the user’s own API tokens' },
  'POST /admin/account/tokens': { who: 'signed-in', why: 'a new API token of the user’s own' },
  'POST /admin/account/tokens/:id/revoke': { who: 'signed-in', why: 'revokes one of the user’s own tokens' },
  'POST /admin/account/password': { who: 'signed-in', why: 'the user’s own password' },
  'GET /admin/account/apps': { who: 'signed-in', why: 'the user’s own apps and the apps they signed in to' },
  'POST /admin/account/apps': { who: 'signed-in', why: 'registers an app of the user’s own' },
  'POST /admin/account/apps/:id/delete': { who: 'signed-in', why: 'deletes one of the user’s own apps' },
  'POST /admin/account/apps/disconnect': { who: 'signed-in', why: 'ends what the user gave one app' },
  'GET /admin/oauth/authorize': {
    who: 'signed-in',
    why: 'the consent screen; the app gets only the blogs the user is a member of and chooses',
  },
  'POST /admin/oauth/authorize': { who: 'signed-in', why: 'the user’s own answer on the consent screen (CSRF token and Origin checked)' },
  'GET /.well-known/oauth-authorization-server': { who: 'anyone', why: 'OAuth server metadata (RFC 8414), public by nature' },
  'GET /oauth/authorize': { who: 'anyone', why: 'hands the browser to the consent screen in the dashboard' },
  'POST /oauth/authorize': { who: 'anyone', why: 'IndieAuth code redemption: the code and its PKCE verifier are the authority' },
  'POST /oauth/token': { who: 'anyone', why: 'OAuth token endpoint: a code with its verifier, or a refresh token' },
  'POST /oauth/revoke': { who: 'anyone', why: 'OAuth revocation: the app names a token it holds' },
  'OPTIONS /oauth/*': { who: 'anyone', why: 'CORS preflight of the OAuth endpoints' },
  'GET /admin/forgot': { who: 'anyone', why: 'the reset form' },
  'POST /admin/forgot': { who: 'anyone', why: 'asks for a reset mail' },
  'GET /admin/reset/:token': { who: 'link-token', why: 'the mailed reset link' },
  'POST /admin/reset/:token': { who: 'link-token', why: 'the mailed reset link' },
  'GET /admin/sign-up': { who: 'anyone', why: 'when the server allows sign-up' },
  'POST /admin/sign-up': { who: 'anyone', why: 'when the server allows sign-up' },
  'GET /admin': { who: 'signed-in', why: 'the user’s blogs' },
  'POST /admin/blogs': { who: 'signed-in', why: 'a new blog owned by the user' },
  'GET /admin/invite/:token': { who: 'link-token', why: 'the mailed invitation' },
  'POST /admin/invite/:token': { who: 'link-token', why: 'the mailed invitation' },
  'GET /uploads/*': { who: 'anyone', why: 'published images' },
  'GET /static/theme.css': { who: 'anyone', why: 'theme asset' },
  'GET /static/themes/:file': { who: 'anyone', why: 'theme asset' },
  'GET /static/blog-theme.css': { who: 'anyone', why: 'theme asset' },
  'GET /static/comments.js': { who: 'anyone', why: 'the comment form script' },
  'GET /feeds/posts/:projection': { who: 'anyone', why: 'public feed' },
  'GET /feeds/posts/:projection/-/*': { who: 'anyone', why: 'public feed' },
  'GET /feed.json': { who: 'anyone', why: 'public feed' },
  'GET /feeds/comments/:projection': { who: 'anyone', why: 'public feed' },
  'GET /feeds/:postId/comments/:projection': { who: 'anyone', why: 'public feed' },
  'GET /sitemap.xml': { who: 'anyone', why: 'public' },
  'GET /robots.txt': { who: 'anyone', why: 'public' },
  'GET /_dastan/beacon.js': { who: 'anyone', why: 'the view beacon script' },
  'POST /_dastan/view': { who: 'anyone', why: 'a view count; always 204' },
  'GET /': { who: 'anyone', why: 'blog page' },
  'GET /:year/:month/:file': { who: 'anyone', why: 'blog page (live posts only)' },
  'GET /p/:file': { who: 'anyone', why: 'blog page (live pages only)' },
  'GET /search/label/*': { who: 'anyone', why: 'blog page' },
  'GET /search': { who: 'anyone', why: 'blog page' },
  'GET /:year/': { who: 'anyone', why: 'blog page' },
  'GET /:year/:month/': { who: 'anyone', why: 'blog page' },
  'GET /:year': { who: 'anyone', why: 'redirect' },
  'GET /:year/:month': { who: 'anyone', why: 'redirect' },
  'GET /comments/token': { who: 'anyone', why: 'the comment form’s CSRF token' },
  'POST /comments': { who: 'anyone', why: 'commenting, per the blog’s comment settings' },
  'GET /comments/:id/edit': { who: 'comment-writer', why: 'only the comment’s own writer, in their edit window' },
  'POST /comments/:id/edit': { who: 'comment-writer', why: 'only the comment’s own writer, in their edit window' },
  'GET /comments/:id/delete': { who: 'comment-writer', why: 'only the comment’s own writer' },
  'POST /comments/:id/delete': { who: 'comment-writer', why: 'only the comment’s own writer' },
  'GET /comments/moderate': { who: 'link-token', why: 'the signed link mailed to the owner' },
  'POST /comments/moderate': { who: 'link-token', why: 'the signed link mailed to the owner' },
  'GET /comments/unsubscribe': { who: 'link-token', why: 'the signed link mailed to the commenter' },
  'POST /comments/unsubscribe': { who: 'link-token', why: 'the signed link mailed to the commenter' },
};

for (const database of testDatabases) {
  describe(`authorization walk on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let own: BlogRow;
    let otherBlog: BlogRow;
    const users = new Map<Actor, UserRow>();
    let colleague: UserRow;
    let otherOwner: UserRow;

    before(async () => {
      t = await startTestApp(database);
      own = await makeBlog(t.services, { name: 'www' });
      otherBlog = await makeBlog(t.services, { name: 'elsewhere' });
      for (const actor of ACTORS) {
        const user = await t.services.users.createUser({ email: `${actor}@example.com` });
        users.set(actor, user);
        if (actor !== 'stranger' && actor !== 'anonymous') await t.services.users.addMember(own.id, user.id, actor);
      }
      colleague = await t.services.users.createUser({ email: 'colleague@example.com' });
      await t.services.users.addMember(own.id, colleague.id, 'author');
      otherOwner = await t.services.users.createUser({ email: 'other-owner@example.com' });
      await t.services.users.addMember(otherBlog.id, otherOwner.id, 'owner');
      await t.services.users.addMember(otherBlog.id, users.get('stranger')!.id, 'owner');
      const otherAuthor = await t.services.users.createUser({ email: 'other-author@example.com' });
      await t.services.users.addMember(otherBlog.id, otherAuthor.id, 'author');
    });
    after(() => t.close());

    test('every registered route has its expected answer written down', () => {
      const walked = new Set(ALL_CASES.map((c) => `${c.method} ${c.route}`));
      // The Blogger API (/v3/) authenticates by bearer token, not by session: its own matrix is test/http/blogger-api.test.ts.
      const missing = t.app.routeTable
        .map((r) => `${r.method} ${r.url}`)
        .filter((key) => !walked.has(key) && !OUTSIDE_THE_WALK[key] && !/^[A-Z]+ \/v3\//.test(key));
      assert.deepEqual(
        missing,
        [],
        `Routes without an expected answer. A per-blog route (/admin/blogs/:blog/…) goes into blogCases or postCases ` +
          `with its allowed(role, own) rule; any other route goes into OUTSIDE_THE_WALK in ${import.meta.filename}, e.g.\n` +
          missing.map((key) => `  '${key}': { who: 'signed-in', why: '…' },`).join('\n'),
      );
      assert.ok(t.app.routeTable.length >= 80);
    });

    test('routes outside the walk: those for signed-in users refuse the signed-out, public ones answer them', async () => {
      const problems: string[] = [];
      const anonymous = new Client(t.app);
      await anonymous.get('/admin/sign-in');
      for (const [key, { who }] of Object.entries(OUTSIDE_THE_WALK)) {
        const [method, pattern] = key.split(' ') as [string, string];
        const path = pattern.replace(/:[A-Za-z]+/g, '1').replace('*', 'x');
        const res = method === 'GET' ? await anonymous.get(path) : await anonymous.post(path, {});
        const refused = [401, 403, 404].includes(res.statusCode) || String(res.headers.location ?? '').startsWith('/admin/sign-in');
        if (who === 'signed-in' && !refused) problems.push(`${key} answered the signed-out ${res.statusCode}`);
        if (res.statusCode >= 500) problems.push(`${key} → ${res.statusCode}`);
      }
      assert.deepEqual(problems, []);
    });

    for (const actor of ACTORS) {
      test(`${actor}: allowed where the role allows, refused everywhere else, and a refusal changes nothing`, async () => {
        const user = users.get(actor)!;
        const client = new Client(t.app);
        if (actor !== 'anonymous') await client.signInAs(t.services, user);
        else await client.get('/admin/sign-in');
        const problems: string[] = [];
        for (const c of ALL_CASES) {
          for (const where of ['own blog', 'other blog'] as const) {
            const onOwn = where === 'own blog' && actor !== 'stranger' && actor !== 'anonymous';
            const blog = where === 'own blog' ? own : otherBlog;
            // On the other blog the actor is no member; "own post" there is written by that blog's author.
            const fixture: Fixture = {
              blog: (await t.services.repositories.blogs.findById(blog.id))!,
              actor: onOwn ? user : otherOwner,
              other: where === 'own blog' ? colleague : otherOwner,
              role: onOwn ? actor : null,
            };
            if (actor === 'stranger' && where === 'other blog') continue; // the stranger owns that blog: not a walk case
            const target = await c.target(t.services, fixture);
            const expected = actor !== 'anonymous' && c.allowed(fixture.role, c.own ?? false);
            const beforeState = c.method === 'POST' && !expected ? await snapshot(t.services) : '';
            if (actor !== 'anonymous' && client.cookies.get('dastan_session') === undefined) await client.signInAs(t.services, user);
            await client.get('/admin');
            const res =
              c.method === 'GET'
                ? await client.get(target.path)
                : target.image
                  ? await client.upload(target.path, 'dot.png', target.image, 'image/png')
                  : target.exportFile
                    ? await client.multipart(
                        target.path,
                        {},
                        { field: 'file', name: 'walk.xml', bytes: target.exportFile, type: 'text/xml' },
                      )
                    : target.formImage
                      ? await client.multipart(
                          target.path,
                          {},
                          { field: 'file', name: 'logo.png', bytes: target.formImage, type: 'image/png' },
                        )
                      : await client.post(target.path, target.form ?? {});
            const label = `${c.method} ${c.name} on ${where} (${target.path}) → ${res.statusCode}`;
            if (expected) {
              if (![200, 201, 303].includes(res.statusCode) || String(res.headers.location ?? '').startsWith('/admin/sign-in'))
                problems.push(`refused but allowed: ${label} ${res.body.slice(0, 200)}`);
            } else {
              const toSignIn = res.statusCode === 303 && String(res.headers.location).startsWith('/admin/sign-in');
              if (![401, 403, 404].includes(res.statusCode) && !toSignIn) problems.push(`let in: ${label}`);
              if (c.method === 'POST' && (await snapshot(t.services)) !== beforeState) problems.push(`changed on refusal: ${label}`);
            }
          }
        }
        assert.deepEqual(problems, []);
      });
    }

    test('the UI shows an author only their own posts as editable', async () => {
      const author = users.get('author')!;
      const mine = await post(t.services, { blog: own, actor: author, other: colleague, role: 'author' }, true);
      const theirs = await post(t.services, { blog: own, actor: author, other: colleague, role: 'author' }, false);
      const client = await new Client(t.app).signInAs(t.services, author);
      const list = await client.get('/admin/blogs/www/posts?q=Target&status=draft&page=1');
      assert.equal(list.statusCode, 200);
      await t.services.repositories.posts.update(own.id, mine.id, { title: 'Mine to edit' });
      await t.services.repositories.posts.update(own.id, theirs.id, { title: 'Not mine' });
      const mineList = await client.get('/admin/blogs/www/posts?q=mine+to+edit');
      assert.match(mineList.body, new RegExp(`href="/admin/blogs/www/posts/${mine.id}"`));
      const theirList = await client.get('/admin/blogs/www/posts?q=not+mine');
      assert.match(theirList.body, /Not mine/);
      assert.doesNotMatch(theirList.body, new RegExp(`href="/admin/blogs/www/posts/${theirs.id}"`));
      assert.doesNotMatch(theirList.body, new RegExp(`value="${theirs.id}"`));
      assert.doesNotMatch(theirList.body, /href="\/admin\/blogs\/www\/(settings|members|pages)"/);
    });
  });
}
