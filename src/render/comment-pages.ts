/**
 * The small pages of the comment form and its mail links, in the blog's theme: "awaiting moderation",
 * "check and post" (the form's token had to be fetched), and the confirm pages of one-click links.
 */
import { commentHtmlFromText } from '../domain/comments/comment-text.js';
import { storedHtml, type SafeHtml } from '../domain/text/sanitize.js';
import { blogView, headView, type SiteContext } from './presenters/site.js';
import type { Theme } from './theme.js';
import { createHash } from 'node:crypto';

export interface NoticeForm {
  action: string;
  button: string;
  fields: { name: string; value: string }[];
  /** The comment as it will look (the "check and post" page). */
  previewText?: string;
}

export interface Notice {
  title: string;
  lines: string[];
  link?: { url: string; text: string };
  form?: NoticeForm;
}

export class CommentPages {
  private readonly cssPath: string;

  constructor(private readonly theme: Theme) {
    this.cssPath = `/static/theme.css?v=${createHash('sha1').update(theme.css).digest('hex').slice(0, 10)}`;
  }

  render(ctx: SiteContext, path: string, notice: Notice): Promise<string> {
    let preview: SafeHtml | null = null;
    if (notice.form?.previewText) {
      try {
        preview = storedHtml(commentHtmlFromText(notice.form.previewText));
      } catch {
        preview = null;
      }
    }
    return this.theme.render('comment-notice', {
      blog: blogView(ctx),
      assets: { css: this.cssPath },
      sidebarHtml: null,
      head: headView(ctx, { title: notice.title, path, kind: 'missing' }),
      notice: { ...notice, form: notice.form ? { ...notice.form, preview } : null },
    });
  }
}
