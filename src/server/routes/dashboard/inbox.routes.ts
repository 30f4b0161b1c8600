/**
 * The inbox of contact-form messages (/admin/blogs/NAME/inbox): folders inbox / spam, each message
 * with who sent it (their address, for answering), why a screen doubted it, and buttons to mark it read
 * or unread, move it to spam or back ("not spam": it is then mailed to the owners), or delete it; one
 * message opens on a page of its own and is marked read. Owners and admins only (canModerate); IDs of
 * another blog's messages change nothing.
 */
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { canModerate } from '../../../domain/policies/comment.policy.js';
import type { InboxAction } from '../../../domain/contact/contact.service.js';
import { INBOX_PAGE_SIZE } from '../../../domain/contact/contact.service.js';
import { NotFoundError } from '../../../domain/errors.js';
import { storedHtml } from '../../../domain/text/sanitize.js';
import { htmlToText, snippet } from '../../../domain/text/plain-text.js';
import { formatDateTime } from '../../../render/dates.js';
import { reasonsOf } from '../../../domain/comments/spam-reasons.js';
import type { Texts } from '../../../render/i18n/translate.js';
import type { BlogRow, ContactFolder, ContactMessageRow } from '../../../storage/schema.js';
import {
  dashboardText,
  dashboardTexts,
  dateLanguage,
  sendPage,
  signedIn,
  type AdminDeps,
  type BlogPage,
} from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { manyField, parseForm, rowAction, textField } from '../../dashboard-helpers/forms.js';

type Params = { blog: string };
const FOLDER = z.enum(['inbox', 'spam'], { error: 'Please choose the inbox or the spam folder.' });
const ACTION = z.enum(['read', 'unread', 'spam', 'not-spam', 'delete'], { error: 'Please choose an action from the list.' });
const ACTIONS: Record<ContactFolder, InboxAction[]> = { inbox: ['read', 'unread', 'spam', 'delete'], spam: ['not-spam', 'delete'] };
const NOT_ALLOWED = 'Only the blog’s owners and admins read its inbox.';

const queryForm = z.object({
  folder: FOLDER.optional().default('inbox'),
  page: z
    .string()
    .regex(/^\d{1,4}$/, 'Please give a page number.')
    .optional(),
});
const actForm = z.object({
  folder: FOLDER.optional().default('inbox'),
  ids: manyField('Messages', 500),
  action: ACTION.optional(),
  one: textField('The action', 60),
});

/** A message as the lists show it: its date in `language`, why it was doubted in the reader's words. */
function messageView(m: ContactMessageRow, blog: BlogRow, texts: Texts, language: string) {
  return {
    id: m.id,
    name: m.name,
    email: m.email,
    unread: m.read_at === null,
    date: formatDateTime(Number(m.created_at), language, blog.time_zone),
    dateIso: new Date(Number(m.created_at)).toISOString(),
    excerpt: snippet(htmlToText(m.body_html), 160),
    reasons: reasonsOf(texts, m.reasons),
  };
}

export function registerInboxRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage>): void {
  const { services } = deps;

  app.get<{ Params: Params }>('/admin/blogs/:blog/inbox', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canModerate(access.actor), NOT_ALLOWED);
    const query = parseForm(queryForm, request.query);
    const page = Math.max(1, Number(query.page ?? '1'));
    const { messages, counts } = await services.contact.folder(access.blog.id, query.folder, page);
    const base = `/admin/blogs/${access.blog.name}/inbox`;
    return sendPage(deps, request, reply, 'inbox', {
      title: dashboardText(request, 'admin.inbox.title'),
      blog: blogNav(request, deps, access),
      folder: query.folder,
      folders: (['inbox', 'spam'] as const).map((f) => ({ value: f, count: counts[f], current: f === query.folder })),
      unread: counts.unread,
      actions: ACTIONS[query.folder],
      messages: messages.map((m) => messageView(m, access.blog, dashboardTexts(request), dateLanguage(request, access.blog.language))),
      older: messages.length === INBOX_PAGE_SIZE ? `${base}?folder=${query.folder}&page=${page + 1}` : null,
    });
  });

  app.get<{ Params: Params & { id: string } }>('/admin/blogs/:blog/inbox/:id', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canModerate(access.actor), NOT_ALLOWED);
    if (!/^\d{1,19}$/.test(request.params.id)) throw new NotFoundError('There is no such message.');
    const message = await services.contact.open(access.blog.id, request.params.id);
    return sendPage(deps, request, reply, 'inbox-message', {
      title: message.name,
      blog: blogNav(request, deps, access),
      message: {
        ...messageView(message, access.blog, dashboardTexts(request), dateLanguage(request, access.blog.language)),
        body: storedHtml(message.body_html),
        folder: message.folder,
      },
      actions: ACTIONS[message.folder].filter((a) => a !== 'read'),
    });
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/inbox', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canModerate(access.actor), NOT_ALLOWED);
    const input = parseForm(actForm, request.body);
    const { action, ids } = rowAction(input, ACTION, 'message');
    await services.contact.act(access.blog, ids, action);
    return reply.redirect(`/admin/blogs/${access.blog.name}/inbox?folder=${input.folder}`, 303);
  });
}
