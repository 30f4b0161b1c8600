/**
 * A blog's layout: reading it (with what its gadgets show that is not in the sidebar already: the
 * featured posts, the members for the profile, the fetched feeds), saving it after validation (the HTML
 * gadget through the blog's own allow-list), and the pages' order. Saving marks the blog changed, so
 * every cached page is made again with the new layout.
 */
import { InvalidInputError } from '../errors.js';
import { sanitizePostHtml } from '../text/sanitize.js';
import { postHtmlRules } from '../text/html-rules.js';
import type { LayoutRepository } from '../../storage/repositories/layout.repository.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { UserRepository } from '../../storage/repositories/user.repository.js';
import type { BlogListFeedRow, BlogRow, PostRow, Role } from '../../storage/schema.js';
import { AREAS, storedLayout, validLayout, type Gadget, type Layout } from './layout-model.js';
import type { BlogListFeeds } from './blog-list-feeds.js';

/** What the gadgets of a layout show beyond the sidebar's lists. */
export interface GadgetData {
  layout: Layout;
  /** Featured posts by ID (live ones only: a featured post taken down is not shown). */
  featured: Map<string, PostRow>;
  /** The blog's writers for the Profile gadget: owners, admins and authors, by display name. */
  members: { name: string; role: Role }[];
  feeds: Map<string, BlogListFeedRow>;
}

const gadgetsOf = (layout: Layout): Gadget[] => AREAS.flatMap((a) => layout[a]);

export class LayoutService {
  /** Parsed layouts by their JSON: a page reads its blog's layout on every render. */
  private readonly parsed = new Map<string, Layout>();

  constructor(
    private readonly deps: {
      rows: LayoutRepository;
      posts: PostRepository;
      users: UserRepository;
      feeds: BlogListFeeds;
      contentChanged: (blogId: string) => Promise<void>;
    },
  ) {}

  /** The blog's layout (the default when it never saved one). */
  layoutOf(blog: Pick<BlogRow, 'layout'>): Layout {
    let layout = this.parsed.get(blog.layout);
    if (!layout) {
      if (this.parsed.size > 500) this.parsed.clear();
      layout = storedLayout(blog.layout);
      this.parsed.set(blog.layout, layout);
    }
    return layout;
  }

  /** The layout's gadget data; `layout` (a draft being previewed) instead of the stored one. */
  async gadgetData(blog: BlogRow, layout: Layout = this.layoutOf(blog)): Promise<GadgetData> {
    const gadgets = gadgetsOf(layout);
    const featuredIds = gadgets.flatMap((g) => (g.type === 'featured' && g.settings.postId ? [g.settings.postId] : []));
    const feedUrls = [...new Set(gadgets.flatMap((g) => (g.type === 'blog-list' ? g.settings.feeds : [])))];
    const [featured, members, feeds] = await Promise.all([
      this.deps.posts.findLiveByIds(blog.id, featuredIds),
      gadgets.some((g) => g.type === 'profile') ? this.deps.users.membersOfBlog(blog.id) : Promise.resolve([]),
      this.deps.rows.feeds(blog.id, feedUrls),
    ]);
    return {
      layout,
      featured: new Map(featured.filter((p) => p.kind === 'post').map((p) => [p.id, p])),
      members: members.filter((m) => m.role !== 'contributor').map((m) => ({ name: m.display_name, role: m.role })),
      feeds: new Map(feeds.map((f) => [f.url, f])),
    };
  }

  /**
   * `raw` checked and made safe as it will be stored: HTML through the allow-list of the saver's tier with
   * the blog's embed providers (never script), a featured post that is the blog's own live post, and an
   * image that is one of the blog's uploads. Throws InvalidInputError with a person's message.
   */
  async check(blog: BlogRow, role: Role | null, raw: unknown): Promise<Layout> {
    const layout = validLayout(raw);
    const rules = postHtmlRules(role, blog.embed_providers);
    for (const gadget of gadgetsOf(layout)) {
      if (gadget.type === 'html') gadget.settings.html = sanitizePostHtml(gadget.settings.html, rules).html;
      if (gadget.type === 'image' && !gadget.settings.src.startsWith(`/uploads/${blog.id}/`))
        throw new InvalidInputError('The image must be one uploaded to this blog.', 'src');
    }
    const featuredIds = gadgetsOf(layout).flatMap((g) => (g.type === 'featured' ? [g.settings.postId] : []));
    const live = new Set((await this.deps.posts.findLiveByIds(blog.id, featuredIds)).filter((p) => p.kind === 'post').map((p) => p.id));
    if (featuredIds.some((id) => !live.has(id)))
      throw new InvalidInputError('A featured post must be a published post of this blog.', 'postId');
    return layout;
  }

  /** Checks and stores the layout; follows the Blog list gadgets' feeds; pages are made again. */
  async save(blog: BlogRow, role: Role | null, raw: unknown): Promise<Layout> {
    const layout = await this.check(blog, role, raw);
    const feeds = [...new Set(gadgetsOf(layout).flatMap((g) => (g.type === 'blog-list' ? g.settings.feeds : [])))];
    await this.deps.rows.saveLayout(blog.id, JSON.stringify(layout));
    await this.deps.feeds.follow(blog.id, feeds);
    await this.deps.contentChanged(blog.id);
    return layout;
  }

  /** Puts the layout back to the fixed sidebar of before. */
  async reset(blog: BlogRow): Promise<void> {
    await this.deps.rows.saveLayout(blog.id, '');
    await this.deps.feeds.follow(blog.id, []);
    await this.deps.contentChanged(blog.id);
  }

  /** The blog's pages (not trashed) in the order the menu and the Pages gadget show them. */
  pages(blog: BlogRow) {
    return this.deps.rows.pages(blog.id);
  }

  /** Recent live posts the owner may feature. */
  featurable(blog: BlogRow) {
    return this.deps.rows.featurable(blog.id, 50);
  }

  /** The pages in the owner's order: every page of the blog exactly once. */
  async setPageOrder(blog: BlogRow, ids: readonly string[]): Promise<void> {
    const pages = await this.deps.rows.pages(blog.id);
    const known = new Set(pages.map((p) => p.id));
    if (ids.length !== known.size || new Set(ids).size !== ids.length || ids.some((id) => !known.has(id)))
      throw new InvalidInputError('Please send every page of this blog once, in the order you want.', 'pages');
    await this.deps.rows.setPageOrder(blog.id, ids);
    await this.deps.contentChanged(blog.id);
  }

  /** The fetched state of the blog's feeds, for the Layout screen. */
  feedStates(blog: BlogRow, urls: readonly string[]) {
    return this.deps.rows.feeds(blog.id, urls);
  }
}
