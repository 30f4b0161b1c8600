/**
 * The contact form's pages as data for CommentPages (which draws them in the blog's theme), every word
 * from the blog's catalogue: the form, again with what was typed and why it was not sent, and "message
 * sent".
 */
import type { BlogRow } from '../storage/schema.js';
import type { Notice } from './comment-pages.js';
import type { Texts } from './i18n/translate.js';

/** What the sender typed, shown back when the message was not sent. */
export interface ContactValues {
  name: string;
  email: string;
  message: string;
}

export const EMPTY_CONTACT: ContactValues = { name: '', email: '', message: '' };

/** `stamp`: the form's signed time stamp; `error`: why the last message was not sent, already in the blog's words. */
export function contactFormNotice(
  blog: Pick<BlogRow, 'title'>,
  texts: Texts,
  stamp: string,
  values: ContactValues,
  error?: string,
): Notice {
  return {
    title: texts.text('contactPage.title', { blog: blog.title }),
    lines: [texts.text('contactPage.intro')],
    error,
    form: {
      action: '/contact',
      button: texts.text('contactPage.send'),
      fields: [{ name: '_ts', value: stamp }],
      inputs: [
        { name: 'name', label: texts.text('contactPage.name'), type: 'text', value: values.name, autocomplete: 'name' },
        { name: 'email', label: texts.text('readerForm.email'), type: 'email', value: values.email, autocomplete: 'email' },
      ],
      textarea: { name: 'message', label: texts.text('contactPage.message'), value: values.message },
      honeypot: true,
    },
  };
}

export function contactSentNotice(blog: Pick<BlogRow, 'title'>, texts: Texts): Notice {
  return {
    title: texts.text('contactPage.sent'),
    lines: [texts.text('contactPage.sentText')],
    link: { url: '/', text: texts.text('contactPage.back', { blog: blog.title }) },
  };
}
