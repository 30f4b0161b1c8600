/**
 * The weekly digest as mail to one subscriber: the week's posts, each a linked title and its opening
 * lines, in a mail-safe HTML part and a plain-text part, with the same list headers and one-click
 * unsubscribe as a post's mail (RFC 2369, 2919, 8058). No tracking pixel, no rewritten link.
 */
import type { BlogRow } from '../../storage/schema.js';
import type { DigestPost } from '../../storage/repositories/digest.repository.js';
import { postPath } from '../blogs/urls.js';
import { snippet } from '../text/plain-text.js';
import type { RichMail } from './mail-transport.js';
import { escapeHtml } from './post-mail.js';
import type { Wording } from '../text/wording.js';

/** How much of each post's text the digest shows. */
const OPENING = 240;

const opening = (text: string) => snippet(text.replace(/\s+/g, ' ').trim(), OPENING);

export interface DigestMailInput {
  blog: Pick<BlogRow, 'title' | 'language'>;
  posts: DigestPost[];
  /** The week's first day, YYYY-MM-DD: names the mail and its Message-ID. */
  week: string;
  subscriber: { id: string; email: string };
  origin: string;
  unsubscribeUrl: string;
  fromAddress: string;
  listHost: string;
  rightToLeft: boolean;
  /** The blog's language, with its own wording. */
  wording: Wording;
}

/** The week's first day (YYYY-MM-DD) as the language writes a date. */
function weekDate(week: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(Date.parse(`${week}T00:00:00Z`));
}

export function composeDigestMail(input: DigestMailInput): RichMail {
  const { blog, posts, origin, wording } = input;
  const untitled = wording.text('mail.digest.untitled');
  const items = posts.map((p) => ({ title: p.title || untitled, url: `${origin}${postPath(p)}`, opening: opening(p.body_text) }));
  const subject = wording.text('mail.digest.subject', { blog: blog.title, count: posts.length });
  const following = { blog: blog.title, email: input.subscriber.email };
  const dir = input.rightToLeft ? 'rtl' : 'ltr';
  const html = `<!doctype html>
<html lang="${escapeHtml(blog.language)}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f2">
<div style="max-width:640px;margin:0 auto;padding:24px;background:#ffffff;color:#222222;font-family:Georgia,'Noto Serif',serif;font-size:17px;line-height:1.6">
<p style="margin:0 0 16px;font-size:14px;color:#666666"><a href="${escapeHtml(`${origin}/`)}" style="color:#666666">${escapeHtml(blog.title)}</a> · ${wording.html('mail.digest.week', { date: weekDate(input.week, wording.locale) }).html}</p>
${items
  .map(
    (item) =>
      `<h2 style="margin:24px 0 4px;font-size:22px;line-height:1.3"><a href="${escapeHtml(item.url)}" style="color:#222222">${escapeHtml(item.title)}</a></h2>\n<p style="margin:0">${escapeHtml(item.opening)}</p>`,
  )
  .join('\n')}
<hr style="border:none;border-top:1px solid #dddddd;margin-top:32px">
<p style="font-size:13px;color:#666666">${wording.html('mail.digest.following', following).html} <a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#666666">${wording.html('mail.unsubscribe').html}</a></p>
</div>
</body></html>`;
  const text = [
    subject,
    '',
    ...items.flatMap((item) => [item.title, item.url, item.opening, '']),
    wording.text('mail.digest.following', following),
    `${wording.text('mail.unsubscribeAt')} ${input.unsubscribeUrl}`,
  ].join('\n');
  return {
    from: { name: blog.title, address: input.fromAddress },
    to: input.subscriber.email,
    subject,
    text,
    html,
    messageId: `<digest.${input.week}.${input.subscriber.id}@${input.listHost}>`,
    headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    list: { unsubscribe: input.unsubscribeUrl, id: { id: input.listHost, name: blog.title } },
  };
}
