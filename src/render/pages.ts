/**
 * Renders each public page: turns domain data into view models (presenters) and runs the theme.
 * Routes call one reader query and one of these.
 */
import type { PostList, PostView, SearchPage, Sidebar } from '../domain/reader/blog-reader.js';
import { highlightExcerpt } from '../domain/text/sanitize.js';
import type { PostRow } from '../storage/schema.js';
import { formatDate, formatMonth } from './dates.js';
import {
  presentPost,
  presentSummary,
  postDescription,
  postJsonLd,
  type OwnComments,
  type PostDetailView,
} from './presenters/post.presenter.js';
import { presentMenu } from './presenters/sidebar.presenter.js';
import { NO_AREAS, renderAreas, type RenderedAreas } from './gadget-areas.js';
import { fillStampSlots, keepAreas, type ContactStamp, type KeptAreas } from './form-stamp-slot.js';
import type { PageKind } from '../domain/layout/layout-model.js';
import { socialImage } from './presenters/images.js';
import { blogView, headView, type SiteContext } from './presenters/site.js';
import type { Theme } from './theme.js';
import type { ThemeSource } from './themes/theme-registry.js';
import type { CommentFormView } from '../domain/comments/comment-submission.service.js';
import { loadCommentsScript } from './comment-script.js';
import { labelFeedPath, postPath } from '../domain/blogs/urls.js';
import { blogTexts, htmlList, textList } from './i18n/blog-texts.js';
import type { Texts } from './i18n/translate.js';
import { KeptFragments, postPartKey } from './kept-fragments.js';
import { pageText, type PageParts } from './page-parts.js';

/** The Web Share button's script (shows the button where the browser can share); see static.routes.ts. */
export const SHARE_SCRIPT = '/static/share.js';

export interface PagerLinks {
  older: string | null;
  newer: string | null;
}

/** "Older posts" / "Newer posts" links for a keyset page under `base` (a path, maybe with a query). */
export function pagerLinks(base: string, list: PostList): PagerLinks {
  const join = base.includes('?') ? '&' : '?';
  const first = list.posts[0]?.post;
  const last = list.posts.at(-1)?.post;
  return {
    older:
      list.hasOlder && last
        ? `${base}${join}updated-max=${encodeURIComponent(new Date(last.published_at ?? 0).toISOString())}&before-id=${last.id}`
        : null,
    newer:
      list.hasNewer && first
        ? `${base}${join}updated-min=${encodeURIComponent(new Date(first.published_at ?? 0).toISOString())}&after-id=${first.id}`
        : null,
  };
}

export class PageRenderer {
  /** Each blog's pages render in the blog's own theme (its choice, settings and edited templates). */
  constructor(
    private readonly themes: ThemeSource,
    /** Stamps the contact gadget's form on each page (form-stamp-slot.ts); previews and static builds have none. */
    private readonly contactStamp?: ContactStamp,
  ) {}
  /** Shared post pages' comment threads, share and Newer/Older links, rendered once per post and content version. */
  private readonly fragments = new KeptFragments();
  /** The comment form's script (posting in place, the proof of work), when it has been built. */
  readonly commentsScript: string | null = loadCommentsScript()?.path ?? null;

  private async themeOf(ctx: SiteContext): Promise<Theme> {
    return (await this.themes.forBlog(ctx.blog)).theme;
  }

  /**
   * Rendered areas by the sidebar data they show. The reader hands out the same Sidebar object until the
   * blog (its layout included) or its popular posts change, so each area — on a large blog most of a
   * page's markup — is presented and rendered once per kind of page, not on every page.
   */
  private readonly areaHtml = new WeakMap<
    Sidebar,
    { texts: Texts; theme: Theme; variants: Map<string, { kept: KeptAreas; areas: RenderedAreas | null }> }
  >();

  /**
   * What every page has: the blog, its stylesheet, its pages menu and its gadgets. `current` is the
   * post or page being read: the menu marks it and the popular posts leave it out.
   */
  private async base(ctx: SiteContext, sidebar: Sidebar | null, kind: PageKind, searchInSidebar = true, current: PostRow | null = null) {
    const areas = sidebar ? await this.renderAreas(ctx, sidebar, kind, searchInSidebar, current) : NO_AREAS;
    return {
      blog: blogView(ctx),
      menu: sidebar ? presentMenu(sidebar, current) : [],
      assets: { css: (await this.themes.forBlog(ctx.blog)).cssPath, share: SHARE_SCRIPT },
      ...areas,
    };
  }

  private async renderAreas(ctx: SiteContext, sidebar: Sidebar, kind: PageKind, withSearch: boolean, current: PostRow | null) {
    const theme = await this.themeOf(ctx);
    const texts = blogTexts(ctx.blog);
    let known = this.areaHtml.get(sidebar);
    if (!known || known.texts !== texts || known.theme !== theme) {
      known = { texts, theme, variants: new Map() };
      this.areaHtml.set(sidebar, known);
    }
    // Only a popular post's own page shows another gadget, so there are at most a few variants a kind.
    const leftOut = current && sidebar.popular.some((p) => p.post.id === current.id) ? current.id : '';
    const key = `${kind}|${withSearch ? 's' : ''}|${leftOut}`;
    let rendered = known.variants.get(key);
    if (!rendered) {
      const kept = keepAreas(await renderAreas(theme, texts, ctx, sidebar, { kind, withSearch, leftOut }));
      rendered = { kept, areas: kept.slot ? null : fillStampSlots(kept, '') };
      known.variants.set(key, rendered);
    }
    return rendered.areas ?? fillStampSlots(rendered.kept, this.contactStamp?.(ctx.blog) ?? '');
  }

  async home(ctx: SiteContext, list: PostList, sidebar: Sidebar, pager: PagerLinks, path: string): Promise<string> {
    const texts = blogTexts(ctx.blog);
    const model = {
      ...(await this.base(ctx, sidebar, 'home')),
      head: headView(ctx, { path, isHome: path === '/', kind: path === '/' ? 'home' : 'archive' }),
      posts: list.posts.map((p) => presentSummary(ctx, p)),
      pager,
      empty: texts.text('list.empty.home'),
    };
    return (await this.themeOf(ctx)).render('home', model, texts);
  }

  /** A post or page; `own` (the reader's own comments they may still change) only for a page no one else is sent. */
  async post(...page: Parameters<PageRenderer['postPage']>): Promise<string> {
    return pageText(await this.postPage(...page));
  }

  /** The same page as its parts where the theme renders parts (page-parts.ts): what the server sends. */
  async postPage(
    ctx: SiteContext,
    view: PostView,
    sidebar: Sidebar,
    form?: CommentFormView,
    replyTo: string | null = null,
    own?: OwnComments,
  ): Promise<PageParts | string> {
    const post = view.post;
    const theme = await this.themeOf(ctx);
    const texts = blogTexts(ctx.blog);
    const presented = presentPost(ctx, view, form, replyTo, own);
    const personal = own !== undefined && own.until.size > 0;
    const base = await this.base(ctx, sidebar, post.kind === 'page' ? 'page' : 'post', true, post);
    await this.keptParts(ctx, presented, { theme, texts, post, form, personal, assets: base.assets });
    const model = {
      ...base,
      head: headView(ctx, {
        title: post.title,
        description: postDescription(post, ctx.blog.search_description_enabled === 1),
        path: postPath(post),
        kind: 'item',
        article: true,
        jsonLd: postJsonLd(ctx, post, view.labels),
        image: socialImage(post, ctx.origin),
      }),
      post: presented,
      scripts: form?.open || personal ? { comments: this.commentsScript } : null,
    };
    return theme.renderParts ? theme.renderParts('post', model, texts) : theme.render('post', model, texts);
  }

  async label(ctx: SiteContext, names: string[], list: PostList, sidebar: Sidebar, pager: PagerLinks, path: string): Promise<string> {
    const texts = blogTexts(ctx.blog);
    const title = texts.text('label.heading', { count: names.length, names: textList(texts, names) });
    const feed = `${ctx.origin}${labelFeedPath(names)}`;
    const model = {
      ...(await this.base(ctx, sidebar, 'label')),
      head: headView(ctx, { title, path, kind: 'archive', feeds: [{ title, atom: feed, rss: `${feed}?alt=rss` }] }),
      heading: texts.html('label.heading', { count: names.length, names: htmlList(texts, names) }),
      posts: list.posts.map((p) => presentSummary(ctx, p)),
      pager,
      empty: texts.text('list.empty.label'),
    };
    return (await this.themeOf(ctx)).render('label', model, texts);
  }

  async archive(
    ctx: SiteContext,
    year: number,
    month: number | undefined,
    list: PostList,
    sidebar: Sidebar,
    pager: PagerLinks,
    path: string,
  ): Promise<string> {
    const texts = blogTexts(ctx.blog);
    const period = month === undefined ? texts.text('sidebar.year', { year }) : formatMonth(year, month, texts.locale);
    const model = {
      ...(await this.base(ctx, sidebar, 'archive')),
      head: headView(ctx, { title: texts.text('archive.heading', { period }), path, kind: 'archive' }),
      heading: texts.html('archive.heading', { period }),
      posts: list.posts.map((p) => presentSummary(ctx, p)),
      pager,
      empty: texts.text('list.empty.archive'),
    };
    return (await this.themeOf(ctx)).render('archive', model, texts);
  }

  /**
   * The post's comment thread, share links and Newer/Older links, each rendered by its partial, kept for
   * the shared page. A part is given only what is the same for every reader of this version of the post
   * (not the comment form's stamp nor the comment being answered).
   */
  private async keptParts(
    ctx: SiteContext,
    presented: PostDetailView,
    on: { theme: Theme; texts: Texts; post: PostRow; form?: CommentFormView; personal: boolean; assets: object },
  ): Promise<void> {
    const { theme, texts, form } = on;
    // Previews and static builds have no form: only the reader's shared page is kept.
    const shared = form !== undefined && !on.personal;
    const keyOf = (...more: (string | number)[]) => (shared ? postPartKey(ctx, on.post, ...more) : null);
    const { comments } = presented;
    const canReply = comments.form !== null;
    const depth = form?.depth ?? 0;
    comments.thread = await this.fragments.render(theme, texts, 'comment-thread', keyOf(canReply ? 1 : 0, depth), () => ({
      threads: comments.threads,
      canReply,
    }));
    presented.shareHtml = await this.fragments.render(theme, texts, 'share', keyOf(), () => ({
      share: presented.share,
      assets: on.assets,
    }));
    const { count, shown, closed } = comments;
    presented.navHtml = await this.fragments.render(theme, texts, 'post-nav', keyOf(), () => ({
      post: { ...presented, comments: { count, shown, closed } },
    }));
  }

  async search(ctx: SiteContext, query: string, page: number, found: SearchPage, pageSize: number, sidebar: Sidebar): Promise<string> {
    const texts = blogTexts(ctx.blog);
    const link = (n: number) => `/search?q=${encodeURIComponent(query)}${n > 1 ? `&page=${n}` : ''}`;
    const model = {
      ...(await this.base(ctx, sidebar, 'archive', false)),
      head: headView(ctx, {
        title: query ? texts.text('search.titleWithQuery', { query }) : texts.text('search.heading'),
        path: link(page),
        kind: 'archive',
      }),
      search: {
        query,
        inSidebar: false,
        total: found.total,
        more: found.more === true,
        results: found.results.map(({ post, excerpt }) => ({
          title: post.title || texts.text('list.untitled'),
          url: postPath(post),
          date: formatDate(post.published_at ?? post.created_at, ctx.blog.language, ctx.blog.time_zone),
          dateIso: new Date(post.published_at ?? 0).toISOString(),
          excerpt: highlightExcerpt(excerpt),
        })),
        newer: page > 1 ? link(page - 1) : null,
        older: page * pageSize < found.total ? link(page + 1) : null,
      },
    };
    return (await this.themeOf(ctx)).render('search', model, texts);
  }

  async notFound(ctx: SiteContext, recent: PostRow[]): Promise<string> {
    const texts = blogTexts(ctx.blog);
    const model = {
      ...(await this.base(ctx, null, 'archive')),
      head: headView(ctx, { title: texts.text('notFound.title'), path: '/', kind: 'missing' }),
      recent: recent.map((p) => ({ title: p.title || texts.text('list.untitled'), url: postPath(p) })),
    };
    return (await this.themeOf(ctx)).render('404', model, texts);
  }
}
