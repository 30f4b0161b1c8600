/**
 * The reader's comment form as the comment route receives it: the fields' schema, and the mapping from
 * those fields and the request to what the submission service takes (the form and who wrote it).
 */
import type { FastifyRequest } from 'fastify';
import * as z from 'zod';
import type { CommentForm, Writer } from '../../domain/comments/comment-submission.service.js';
import type { Role } from '../../storage/schema.js';
import { textField } from '../dashboard-helpers/forms.js';

export const commentFormSchema = z.object({
  postId: textField('The post', 20, false),
  parentId: textField('The comment replied to', 20),
  name: textField('The name', 1000),
  email: textField('The e-mail address', 1000),
  url: textField('The website', 2000),
  body: textField('The comment', 200_000),
  notify: textField('Mail me replies', 10),
  homepage: textField('The hidden field', 1000),
  _ts: textField('The form stamp', 1000),
  altcha: textField('The proof of work', 10_000),
  js: textField('js', 10),
});

export type CommentFields = z.infer<typeof commentFormSchema>;

export function commentFormOf(input: CommentFields): CommentForm {
  return {
    postId: input.postId,
    parentId: input.parentId,
    name: input.name,
    email: input.email,
    url: input.url,
    body: input.body,
    notifyReplies: input.notify !== '',
    honeypot: input.homepage,
    stamp: input._ts,
    proof: input.altcha,
    canSolve: input.js === '1',
  };
}

/** Who sends the comment: their address and browser, and their account (with its role on the blog) if signed in. */
export function writerOf(request: FastifyRequest, role: Role | null): Writer {
  const user = request.auth?.user;
  return {
    address: request.ip,
    userAgent: String(request.headers['user-agent'] ?? '').slice(0, 500),
    user: user ? { id: user.id, name: user.display_name, email: user.email, role } : null,
  };
}
