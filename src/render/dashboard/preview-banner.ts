/**
 * The banner on top of a preview: the page is the blog's own theme, so the banner carries its own small
 * stylesheet (the dashboard's would restyle the theme) and says plainly that this is not published,
 * with the way back to the editor — in the dashboard's language and direction, whatever the theme's.
 */
import { isRightToLeft } from '../../domain/text/direction.js';
import type { Texts } from '../i18n/translate.js';
import { escapeHtml } from '../theme.js';

/** The preview page `html` with the banner, in the words of `texts`, put first in its body. */
export function withPreviewBanner(html: string, editUrl: string, cssPath: string, texts: Texts): string {
  const dir = isRightToLeft(texts.language) ? 'rtl' : 'ltr';
  const banner =
    `<link rel="stylesheet" href="${escapeHtml(cssPath)}">` +
    `<div class="dastan-preview-banner" role="region" lang="${texts.language}" dir="${dir}" aria-label="${escapeHtml(texts.text('admin.editor.preview.label'))}">` +
    `<p><strong>${texts.html('admin.editor.preview.label').html}</strong> — ${texts.html('admin.editor.preview.notice').html}</p>` +
    `<p><a href="${escapeHtml(editUrl)}">${texts.html('admin.editor.preview.back').html}</a></p></div>`;
  const body = /<body\b[^>]*>/i.exec(html);
  if (!body) return banner + html;
  const at = body.index + body[0].length;
  return html.slice(0, at) + banner + html.slice(at);
}
