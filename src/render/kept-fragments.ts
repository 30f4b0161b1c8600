/**
 * Parts of a post page rendered once and kept: the comment thread, the share links, the Newer/Older
 * links. Every reader of the shared page gets the same bytes of each: nothing in them depends on the
 * reader or the hour (dates are absolute, in the blog's time zone; no stamp or token is inside them).
 * A page made for one reader (their own comments' Edit and Delete controls, counting down), a preview
 * and a static build render them afresh.
 *
 * Each key holds what the part's bytes depend on: the blog and its content version (every comment
 * written, approved, edited or deleted, every post published, and every setting saved — threading,
 * language, time zone — moves `blog.updated_at`), the post and its version, and the part's own inputs.
 * The theme (a switch or an edit gives a new Theme object) and the texts (language and the owner's
 * wording) are checked by identity.
 */
import { renderedTemplate, type SafeHtml } from '../domain/text/sanitize.js';
import type { PostRow } from '../storage/schema.js';
import type { Texts } from './i18n/translate.js';
import type { SiteContext } from './presenters/site.js';
import type { Theme } from './theme.js';
import { keptHtml } from './page-parts.js';

/** Parts kept per theme; the map is emptied when it reaches this (a busy post's thread is ~10 KB). */
const KEPT = 1_000;

export class KeptFragments {
  private readonly kept = new WeakMap<Theme, Map<string, { texts: Texts; html: SafeHtml }>>();

  constructor(private readonly max = KEPT) {}

  /**
   * The partial `template` rendered with `model()`, kept under `key` (null: rendered afresh, neither
   * kept nor taken from what is). Null when the theme has no such partial.
   */
  async render(theme: Theme, texts: Texts, template: string, key: string | null, model: () => object): Promise<SafeHtml | null> {
    if (!theme.has(template)) return null;
    if (key === null) return renderedTemplate(await theme.render(template, model(), texts));
    let byKey = this.kept.get(theme);
    if (!byKey) this.kept.set(theme, (byKey = new Map()));
    const known = byKey.get(`${template}|${key}`);
    if (known && known.texts === texts) return known.html;
    const html = keptHtml(renderedTemplate(await theme.render(template, model(), texts)));
    if (byKey.size >= this.max) byKey.clear();
    byKey.set(`${template}|${key}`, { texts, html });
    return html;
  }
}

/** A key for a part of `post`'s page as the blog's content version and the post's own version have it. */
export function postPartKey(ctx: SiteContext, post: Pick<PostRow, 'id' | 'updated_at'>, ...more: (string | number)[]): string {
  return [ctx.blog.id, ctx.blog.updated_at, ctx.origin, post.id, post.updated_at, ...more].join('|');
}
