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
import type { ContactService } from '../../domain/contact/contact.service.js';
import type { ProofOfWork } from '../../domain/comments/proof-of-work.js';
import { AppError } from '../../domain/errors.js';
import type { CommentPages, Notice } from '../../render/comment-pages.js';
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

type Values = { name: string; email: string; message: string };

export function registerContactRoutes(app: FastifyInstance, deps: ContactRouteDeps): void {
  const { contact, pages } = deps;
  const show = async (request: FastifyRequest, reply: FastifyReply, notice: Notice, status = 200) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(await pages.render(siteOf(request, deps.blogs), '/contact', notice));
  const formPage = (request: FastifyRequest, values: Values, error?: string): Notice => {
    const blog = siteOf(request, deps.blogs).blog;
    return {
      title: `Contact ${blog.title}`,
      lines: ['Your message goes to the blog’s owners. Your e-mail address is only for their answer: it is never shown on the blog.'],
      error,
      form: {
        action: '/contact',
        button: 'Send message',
        fields: [{ name: '_ts', value: contact.formStamp(blog) }],
        inputs: [
          { name: 'name', label: 'Your name', type: 'text', value: values.name, autocomplete: 'name' },
          { name: 'email', label: 'Your e-mail address', type: 'email', value: values.email, autocomplete: 'email' },
        ],
        textarea: { name: 'message', label: 'Message', value: values.message },
        honeypot: true,
      },
    };
  };

  app.get('/contact', async (request, reply) => show(request, reply, formPage(request, { name: '', email: '', message: '' })));

  app.post('/contact', async (request, reply) => {
    const { blog } = siteOf(request, deps.blogs);
    const json = (request.headers.accept ?? '').includes('application/json');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values: Values = {
      name: typeof body.name === 'string' ? body.name : '',
      email: typeof body.email === 'string' ? body.email : '',
      message: typeof body.message === 'string' ? body.message : '',
    };
    reply.header('cache-control', 'no-store');
    let result;
    try {
      const input = parseForm(contactForm, request.body);
      result = await contact.submit(
        blog,
        { ...input, honeypot: input.homepage, stamp: input._ts, proof: input.altcha, canSolve: input.js === '1' },
        { address: request.ip, userAgent: String(request.headers['user-agent'] ?? '').slice(0, 500) },
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if ('retryAfterSeconds' in error) reply.header('retry-after', String(error.retryAfterSeconds));
      if (json) throw error;
      return show(request, reply, formPage(request, values, error.message), error.status);
    }
    if (result.kind === 'challenge') {
      const message = 'Please confirm you are a person: your browser solves a small puzzle, then the message is sent.';
      if (json) return reply.code(202).send({ status: 'challenge', message, challenge: await deps.proofOfWork.challenge() });
      return show(request, reply, formPage(request, values, message), 202);
    }
    const sent = 'Thank you: your message was sent to the blog’s owners.';
    if (json) return reply.code(201).send({ status: 'sent', message: sent });
    return show(request, reply, { title: 'Message sent', lines: [sent], link: { url: '/', text: `Back to ${blog.title}` } });
  });
}
