/**
 * The follow-by-e-mail pages as data for CommentPages (which draws them in the blog's theme), every word
 * from the blog's catalogue: the form (again with what was typed and why it was not taken), "check your
 * inbox", the confirm and unsubscribe pages of the links in the mails, and what follows each.
 */
import type { BlogRow } from '../storage/schema.js';
import type { Notice } from './comment-pages.js';
import type { Texts } from './i18n/translate.js';

/** What the reader typed and chose, shown back when the form was not taken. */
export interface SubscribeValues {
  email: string;
  frequency: string;
}

/** `stamp`: the form's signed time stamp; `error`: why the last form was not taken, already in the blog's words. */
export function subscribeFormNotice(
  blog: Pick<BlogRow, 'title'>,
  texts: Texts,
  stamp: string,
  values: SubscribeValues,
  error?: string,
): Notice {
  return {
    title: texts.text('subscribePage.title', { blog: blog.title }),
    lines: [texts.text('subscribePage.intro')],
    error,
    form: {
      action: '/subscribe',
      button: texts.text('subscribePage.button'),
      fields: [{ name: '_ts', value: stamp }],
      inputs: [{ name: 'email', label: texts.text('readerForm.email'), type: 'email', value: values.email, autocomplete: 'email' }],
      choice: {
        name: 'frequency',
        legend: texts.text('subscribePage.howOften'),
        options: [
          { value: 'each', label: texts.text('subscribePage.each'), checked: values.frequency !== 'weekly' },
          { value: 'weekly', label: texts.text('subscribePage.weekly'), checked: values.frequency === 'weekly' },
        ],
      },
      honeypot: true,
      script: true,
    },
  };
}

export function checkInboxNotice(texts: Texts): Notice {
  return { title: texts.text('subscribePage.checkInbox'), lines: [texts.text('subscribePage.checkInboxText')] };
}

/** The page behind the confirm link: one button, since mail scanners open links. */
export function confirmNotice(texts: Texts, email: string, token: string): Notice {
  return {
    title: texts.text('subscribePage.confirm'),
    lines: [texts.text('subscribePage.confirmText', { email })],
    form: { action: '/subscribe/confirm', button: texts.text('subscribePage.confirmButton'), fields: [{ name: 't', value: token }] },
  };
}

/** The page of a confirm link used before, while its address follows the blog: nothing changes. */
export function alreadyConfirmedNotice(texts: Texts, email: string): Notice {
  return {
    title: texts.text('subscribePage.already'),
    lines: [texts.text('subscribePage.alreadyText', { email })],
    link: { url: '/', text: texts.text('subscribePage.back') },
  };
}

export function subscribedNotice(texts: Texts, email: string): Notice {
  return {
    title: texts.text('subscribePage.subscribed'),
    lines: [texts.text('subscribePage.subscribedText', { email })],
    link: { url: '/', text: texts.text('subscribePage.back') },
  };
}

export function unsubscribeNotice(texts: Texts, email: string, token: string): Notice {
  return {
    title: texts.text('subscribePage.unsubscribe'),
    lines: [texts.text('subscribePage.unsubscribeText', { email })],
    form: { action: `/unsubscribe?t=${encodeURIComponent(token)}`, button: texts.text('subscribePage.unsubscribeButton'), fields: [] },
  };
}

export function unsubscribedNotice(texts: Texts, email: string): Notice {
  return {
    title: texts.text('subscribePage.unsubscribed'),
    lines: [texts.text('subscribePage.unsubscribedText', { email })],
    link: { url: '/subscribe', text: texts.text('subscribePage.again') },
  };
}
