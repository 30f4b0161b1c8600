/**
 * A contact-form message as mail to one of the blog's owners: From the blog (MAIL_FROM's address),
 * Reply-To the sender, the message as text and as escaped HTML, and a link to the dashboard's inbox.
 */
import type { BlogRow, ContactMessageRow } from '../../storage/schema.js';
import { htmlToText } from '../text/plain-text.js';
import { escapeHtml } from '../subscriptions/post-mail.js';
import type { RichMail } from '../subscriptions/mail-transport.js';

export interface ContactMailInput {
  blog: Pick<BlogRow, 'name' | 'title'>;
  message: Pick<ContactMessageRow, 'id' | 'name' | 'email' | 'body_html'>;
  to: string;
  /** The blog's address without the trailing slash. */
  origin: string;
  fromAddress: string;
  now: number;
}

export function composeContactMail({ blog, message, to, origin, fromAddress, now }: ContactMailInput): RichMail {
  const inbox = `${origin}/admin/blogs/${blog.name}/inbox/${message.id}`;
  const text = [
    `${message.name} <${message.email}> wrote to you through the contact form of ${blog.title}:`,
    '',
    htmlToText(message.body_html),
    '',
    `Answer with your mail program's Reply (it goes to ${message.email}), or read it in the inbox: ${inbox}`,
  ].join('\n');
  const html = [
    `<p>${escapeHtml(message.name)} &lt;${escapeHtml(message.email)}&gt; wrote to you through the contact form of ${escapeHtml(blog.title)}:</p>`,
    `<blockquote>${message.body_html}</blockquote>`,
    `<p>Answer with your mail program’s Reply, or <a href="${escapeHtml(inbox)}">read it in the inbox</a>.</p>`,
  ].join('\n');
  const host = new URL(origin).hostname;
  return {
    from: { name: blog.title, address: fromAddress },
    to,
    replyTo: message.email,
    subject: `Message from ${message.name} via ${blog.title}`,
    text,
    html,
    messageId: `<contact.${message.id}.${now}@${host}>`,
    headers: {},
  };
}
