/**
 * The banner on top of a preview: the page is the blog's own theme, so the banner carries its own small
 * stylesheet (the dashboard's would restyle the theme) and says plainly that this is not published,
 * with the way back to the editor.
 */
import { escapeHtml } from '../theme.js';

/** The preview page `html` with the banner put first in its body. */
export function withPreviewBanner(html: string, editUrl: string, cssPath: string): string {
  const banner =
    `<link rel="stylesheet" href="${escapeHtml(cssPath)}">` +
    `<div class="dastan-preview-banner" role="region" aria-label="Preview">` +
    `<p><strong>Preview</strong> — this is how it will look. It is not published, and readers cannot see it.</p>` +
    `<p><a href="${escapeHtml(editUrl)}">Back to the editor</a></p></div>`;
  const body = /<body\b[^>]*>/i.exec(html);
  if (!body) return banner + html;
  const at = body.index + body[0].length;
  return html.slice(0, at) + banner + html.slice(at);
}
