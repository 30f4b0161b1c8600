/**
 * The gadgets of one area of a page, as the themes' gadget partials see them: only the gadgets shown on
 * this kind of page, each with everything it prints (a partial sees only its own arguments). A gadget
 * with nothing to show (no labels yet, a feed not fetched yet, a featured post taken down) is left out.
 */
import type { Sidebar } from '../../domain/reader/blog-reader.js';
import type { AreaName, Gadget, PageKind } from '../../domain/layout/layout-model.js';
import type { FeedItem } from '../../domain/layout/blog-list-feeds.js';
import { looksRightToLeft } from '../../domain/text/direction.js';
import { storedHtml } from '../../domain/text/sanitize.js';
import { cutText } from '../../domain/text/unicode.js';
import { postPath } from '../../domain/blogs/urls.js';
import { formatDate } from '../dates.js';
import { FORM_STAMP_SLOT } from '../form-stamp-slot.js';
import { imageView, postImage, CARD_WIDTHS } from './images.js';
import { presentSidebar, type SidebarView } from './sidebar.presenter.js';
import type { SiteContext } from './site.js';

/** Where the contact gadget's form posts (the contact route's address). */
export const CONTACT_PATH = '/contact';

/** What a page asks of its areas: its kind, whether its sidebar may have the search gadget, and the post read. */
export interface AreaRequest {
  kind: PageKind;
  /** False on the search page, which has its own form: one search landmark per page. */
  withSearch: boolean;
  /** The post being read, which its own popular-posts gadget leaves out. */
  leftOut: string;
}

type Base = { id: string; type: Gadget['type']; title: string; headingId: string };

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** The presented sidebar lists (popular, labels, archive) are made once per area render, and only if asked. */
class Lists {
  private view: SidebarView | undefined;
  constructor(
    private readonly ctx: SiteContext,
    private readonly sidebar: Sidebar,
    private readonly leftOut: string,
  ) {}
  get(): SidebarView {
    return (this.view ??= presentSidebar(this.ctx, this.sidebar, this.leftOut));
  }
}

function present(ctx: SiteContext, sidebar: Sidebar, gadget: Gadget, lists: Lists, request: AreaRequest): object | null {
  const base: Base = { id: gadget.id, type: gadget.type, title: gadget.title, headingId: `${gadget.id}-heading` };
  switch (gadget.type) {
    case 'popular':
      return { ...base, items: lists.get().popular };
    case 'labels': {
      const { labels, labelsStyle } = lists.get();
      return labels.length > 0 ? { ...base, labels, style: labelsStyle } : null;
    }
    case 'archive': {
      const years = lists.get().archive;
      return years.length > 0 ? { ...base, years } : null;
    }
    case 'search':
      // The fixed sidebar's form had the ID `sidebar-q`; pages and tests still find it by that.
      return request.withSearch ? { ...base, formId: gadget.id === 'search' ? 'sidebar-q' : `${gadget.id}-q` } : null;
    case 'pages': {
      const pages = sidebar.pages.map((p) => ({ title: p.title || '(untitled)', url: postPath(p) }));
      return pages.length > 0 ? { ...base, pages } : null;
    }
    case 'links':
      return gadget.settings.links.length > 0 ? { ...base, links: gadget.settings.links } : null;
    case 'text': {
      const text = paragraphs(gadget.settings.text);
      return text.length > 0 ? { ...base, paragraphs: text, dir: looksRightToLeft(gadget.settings.text) ? 'rtl' : 'ltr' } : null;
    }
    case 'html':
      return gadget.settings.html.trim() ? { ...base, html: storedHtml(gadget.settings.html) } : null;
    case 'image':
      return { ...base, image: imageView(gadget.settings.src, gadget.settings.alt, CARD_WIDTHS), link: gadget.settings.link };
    case 'profile': {
      const about = paragraphs(gadget.settings.about);
      const members = sidebar.gadgets.members.map((m) => m.name).filter((n) => n.trim() !== '');
      return about.length > 0 || members.length > 0 ? { ...base, about, members } : null;
    }
    case 'featured': {
      const post = sidebar.gadgets.featured.get(gadget.settings.postId);
      if (!post) return null;
      const image = postImage(post);
      return {
        ...base,
        post: {
          title: post.title || '(untitled)',
          url: postPath(post),
          date: formatDate(post.published_at ?? post.created_at, ctx.blog.language, ctx.blog.time_zone),
          dateIso: new Date(post.published_at ?? 0).toISOString(),
          snippet: cutText(post.body_text, 200),
          dir: looksRightToLeft(post.title || post.body_text) ? 'rtl' : 'ltr',
          image: image ? imageView(image.url, image.alt, CARD_WIDTHS) : null,
        },
      };
    }
    case 'blog-list': {
      const sites = gadget.settings.feeds.flatMap((url) => {
        const feed = sidebar.gadgets.feeds.get(url);
        const items = feed ? (JSON.parse(feed.items) as FeedItem[]).slice(0, gadget.settings.count) : [];
        if (!feed || items.length === 0) return [];
        return [{ title: feed.site_title || new URL(url).host, url: feed.site_url, items }];
      });
      return sites.length > 0 ? { ...base, sites } : null;
    }
    case 'subscribe': {
      const feeds = { atom: '/feeds/posts/default', rss: '/feeds/posts/default?alt=rss', json: '/feed.json' };
      return { ...base, feeds, email: '/subscribe' };
    }
    case 'contact':
      return { ...base, action: CONTACT_PATH, formId: gadget.id, stamp: FORM_STAMP_SLOT };
  }
}

/** The gadgets of `area` shown on this kind of page, in the owner's order. */
export function presentArea(ctx: SiteContext, sidebar: Sidebar, area: AreaName, request: AreaRequest): object[] {
  const lists = new Lists(ctx, sidebar, request.leftOut);
  return sidebar.gadgets.layout[area].flatMap((gadget) => {
    if (!gadget.show.includes(request.kind)) return [];
    const view = present(ctx, sidebar, gadget, lists, request);
    return view ? [view] : [];
  });
}
