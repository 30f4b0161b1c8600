/**
 * A published post as mail to one subscriber: a mail-safe HTML part (inline styles, absolute links and
 * image addresses, embeds as linked thumbnails or links (mail-embeds.ts), nothing that runs) and a plain-text part, with the list headers of
 * RFC 2369 and RFC 2919 and one-click unsubscribe (RFC 8058). No tracking pixel, no rewritten link.
 */
import { sanitize } from '../text/sanitize.js';
import { encode } from 'html-entities';
import type { BlogRow, PostRow } from '../../storage/schema.js';
import { postPath } from '../blogs/urls.js';
import type { RichMail } from './mail-transport.js';
import { embedLinksText, replaceEmbeds } from './mail-embeds.js';
import type { Wording } from '../text/wording.js';

export interface PostMailInput {
  blog: Pick<BlogRow, 'title' | 'name' | 'language'>;
  post: Pick<PostRow, 'id' | 'title' | 'body_html' | 'body_text' | 'kind' | 'slug' | 'path_year' | 'path_month'>;
  subscriber: { id: string; email: string };
  /** The blog's address without the trailing slash, from configuration (never a request's Host). */
  origin: string;
  unsubscribeUrl: string;
  /** The address mail comes from (MAIL_FROM's); the name is the blog's title. */
  fromAddress: string;
  /** A name for the list's ID: `NAME.BASE_DOMAIN`. */
  listHost: string;
  rightToLeft: boolean;
  /** Whether the post is on the blog: a post sent "by e-mail only" has no address to link to. */
  onBlog?: boolean;
  /** The blog's language, with its own wording. */
  wording: Wording;
}

/** Text made safe for HTML. */
export const escapeHtml = (text: string) => encode(text, { mode: 'specialChars' });

function absolute(url: string | undefined, base: string): string | undefined {
  if (!url) return undefined;
  try {
    const resolved = new URL(url, `${base}/`);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' || resolved.protocol === 'mailto:' ? resolved.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The stored (already sanitized) body again through a mail allow-list: links and images absolute, embeds
 * as linked thumbnails or links.
 */
export function mailSafeHtml(bodyHtml: string, origin: string, wording: Wording): string {
  return sanitize(replaceEmbeds(bodyHtml, wording), {
    allowedTags: [
      'p',
      'br',
      'b',
      'strong',
      'i',
      'em',
      'u',
      's',
      'a',
      'img',
      'h2',
      'h3',
      'h4',
      'blockquote',
      'ul',
      'ol',
      'li',
      'pre',
      'code',
      'figure',
      'figcaption',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'hr',
    ],
    allowedAttributes: { a: ['href'], img: ['src', 'alt', 'width', 'height', 'style'], '*': ['dir', 'lang'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedStyles: { img: { 'max-width': [/^100%$/], height: [/^auto$/] } },
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { href: absolute(attribs.href, origin) ?? '' } }),
      img: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, src: absolute(attribs.src, origin) ?? '', style: 'max-width:100%;height:auto' },
      }),
      // An iframe replaceEmbeds did not read (it should not happen): a link to it stands in its place.
      iframe: (_tagName, attribs) => ({
        tagName: 'a',
        attribs: { href: absolute(attribs.src, origin) ?? '' },
        text: wording.text('mail.embed.open'),
      }),
    },
    exclusiveFilter: (frame) =>
      (frame.tag === 'img' && !frame.attribs.src) || (frame.tag === 'a' && !frame.attribs.href && !frame.text.trim()),
  });
}

export function composePostMail(input: PostMailInput): RichMail {
  const { blog, post, origin, wording } = input;
  const onBlog = input.onBlog ?? true;
  const postUrl = onBlog ? `${origin}${postPath(post)}` : null;
  const title = post.title || wording.text('mail.post.untitled');
  const following = { blog: blog.title, email: input.subscriber.email };
  const dir = input.rightToLeft ? 'rtl' : 'ltr';
  const html = `<!doctype html>
<html lang="${escapeHtml(blog.language)}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f2">
<div style="max-width:640px;margin:0 auto;padding:24px;background:#ffffff;color:#222222;font-family:Georgia,'Noto Serif',serif;font-size:17px;line-height:1.6">
<p style="margin:0 0 8px;font-size:14px;color:#666666"><a href="${escapeHtml(`${origin}/`)}" style="color:#666666">${escapeHtml(blog.title)}</a></p>
<h1 style="margin:0 0 16px;font-size:28px;line-height:1.25">${postUrl ? `<a href="${escapeHtml(postUrl)}" style="color:#222222;text-decoration:none">${escapeHtml(title)}</a>` : escapeHtml(title)}</h1>
<div>${mailSafeHtml(post.body_html, origin, wording)}</div>
${postUrl ? `<p style="margin:24px 0"><a href="${escapeHtml(`${postUrl}#comments`)}" style="color:#1a5fb4">${wording.html('mail.post.comments').html}</a></p>` : ''}
<hr style="border:none;border-top:1px solid #dddddd">
<p style="font-size:13px;color:#666666">${wording.html('mail.post.following', following).html} <a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#666666">${wording.html('mail.unsubscribe').html}</a></p>
</div>
</body></html>`;
  const text = [
    title,
    ...(postUrl ? [postUrl] : []),
    '',
    post.body_text.trim(),
    '',
    // The players are not in the body's text: each one's link is, so a text-only reader can open it.
    ...embedLinksText(post.body_html, wording).flatMap((line) => [line, '']),
    ...(postUrl ? [`${wording.text('mail.post.commentsAt')} ${postUrl}#comments`, ''] : []),
    wording.text('mail.post.following', following),
    `${wording.text('mail.unsubscribeAt')} ${input.unsubscribeUrl}`,
  ].join('\n');
  return {
    from: { name: blog.title, address: input.fromAddress },
    to: input.subscriber.email,
    subject: title,
    text,
    html,
    messageId: `<${post.id}.${input.subscriber.id}@${input.listHost}>`,
    headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    list: { unsubscribe: input.unsubscribeUrl, id: { id: input.listHost, name: blog.title } },
  };
}
