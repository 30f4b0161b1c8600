/**
 * The contact form's pages as data for CommentPages (which draws them in the blog's theme): the form,
 * again with what was typed and why it was not sent, and "message sent".
 */
import type { BlogRow } from '../storage/schema.js';
import type { Notice } from './comment-pages.js';

/** What the sender typed, shown back when the message was not sent. */
export interface ContactValues {
  name: string;
  email: string;
  message: string;
}

export const EMPTY_CONTACT: ContactValues = { name: '', email: '', message: '' };

/** `stamp`: the form's signed time stamp; `error`: why the last message was not sent. */
export function contactFormNotice(blog: Pick<BlogRow, 'title'>, stamp: string, values: ContactValues, error?: string): Notice {
  return {
    title: `Contact ${blog.title}`,
    lines: ['Your message goes to the blog’s owners. Your e-mail address is only for their answer: it is never shown on the blog.'],
    error,
    form: {
      action: '/contact',
      button: 'Send message',
      fields: [{ name: '_ts', value: stamp }],
      inputs: [
        { name: 'name', label: 'Your name', type: 'text', value: values.name, autocomplete: 'name' },
        { name: 'email', label: 'Your e-mail address', type: 'email', value: values.email, autocomplete: 'email' },
      ],
      textarea: { name: 'message', label: 'Message', value: values.message },
      honeypot: true,
    },
  };
}

export const CONTACT_SENT = 'Thank you: your message was sent to the blog’s owners.';

export function contactSentNotice(blog: Pick<BlogRow, 'title'>): Notice {
  return { title: 'Message sent', lines: [CONTACT_SENT], link: { url: '/', text: `Back to ${blog.title}` } };
}
