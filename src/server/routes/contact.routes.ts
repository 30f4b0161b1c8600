/**
 * The contact form on a blog's host: `GET /contact` (the form as a page of its own, in the blog's theme;
 * the Contact form gadget links here or posts here directly) and `POST /contact`. The fields:
 * `name`, `email`, `message`, `homepage` (the honeypot: left empty), `_ts` (the signed stamp from
 * `services.contact.formStamp(blog)`), and, from a page script, `js=1` and `altcha` (a solved challenge).
 * Like the follow form it takes no session and no CSRF token (a cached page carries the form); the Origin
 * check, the stamp and the flood check stand in. Answers: a page, or JSON when the request accepts it
 * (201 sent, 202 a proof-of-work challenge, 4xx with a message).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import type { BlogService } from '../../domain/blogs/blog.service.js';
import type { ContactForm, ContactService, Sender } from '../../domain/contact/contact.service.js';
import type { ProofOfWork } from '../../domain/comments/proof-of-work.js';
import { AppError } from '../../domain/errors.js';
import type { CommentPages, Notice } from '../../render/comment-pages.js';
import { contactFormNotice, contactSentNotice, EMPTY_CONTACT, type ContactValues } from '../../render/contact-notices.js';
import { blogTexts } from '../../render/i18n/blog-texts.js';
import { readerErrorText } from '../../render/reader-errors.js';
import { passRetryAfter } from '../errors.js';
import { parseForm, textField } from '../dashboard-helpers/forms.js';
import { siteOf } from '../site.js';

const contactForm = z.object({
  name: textField('Your name', 1000),
  email: textField('Your e-mail address', 1000),
  message: textField('The message', 200_000),
  homepage: textField('The hidden field', 1000),
  _ts: textField('The form stamp', 2000),
  altcha: textField('The proof of work', 10_000),
  js: textField('js', 10),
});

export interface ContactRouteDeps {
  contact: ContactService;
  proofOfWork: ProofOfWork;
  blogs: BlogService;
  pages: CommentPages;
}

function contactFormOf(input: z.infer<typeof contactForm>): ContactForm {
  return { ...input, honeypot: input.homepage, stamp: input._ts, proof: input.altcha, canSolve: input.js === '1' };
}

function senderOf(request: FastifyRequest): Sender {
  return { address: request.ip, userAgent: String(request.headers['user-agent'] ?? '').slice(0, 500) };
}

/** What was typed, to show back with the form (whatever the body held, checked or not). */
function valuesOf(body: unknown): ContactValues {
  const sent = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { name: text(sent.name), email: text(sent.email), message: text(sent.message) };
}

export function registerContactRoutes(app: FastifyInstance, deps: ContactRouteDeps): void {
  const { contact, pages } = deps;
  const show = async (request: FastifyRequest, reply: FastifyReply, notice: Notice, status = 200) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(await pages.render(siteOf(request, deps.blogs), '/contact', notice));
  const formPage = (request: FastifyRequest, values: ContactValues, error?: string): Notice => {
    const blog = siteOf(request, deps.blogs).blog;
    return contactFormNotice(blog, blogTexts(blog), contact.formStamp(blog), values, error);
  };

  app.get('/contact', async (request, reply) => show(request, reply, formPage(request, EMPTY_CONTACT)));

  app.post('/contact', async (request, reply) => {
    const { blog } = siteOf(request, deps.blogs);
    const texts = blogTexts(blog);
    const json = (request.headers.accept ?? '').includes('application/json');
    reply.header('cache-control', 'no-store');
    let result;
    try {
      result = await contact.submit(blog, contactFormOf(parseForm(contactForm, request.body)), senderOf(request));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      passRetryAfter(reply, error);
      if (json) throw error;
      return show(request, reply, formPage(request, valuesOf(request.body), readerErrorText(texts, error)), error.status);
    }
    if (result.kind === 'challenge') {
      const challenge = texts.text('contactPage.challenge');
      if (json) return reply.code(202).send({ status: 'challenge', message: challenge, challenge: await deps.proofOfWork.challenge() });
      return show(request, reply, formPage(request, valuesOf(request.body), challenge), 202);
    }
    if (json) return reply.code(201).send({ status: 'sent', message: texts.text('contactPage.sentText') });
    return show(request, reply, contactSentNotice(blog, texts));
  });
}
