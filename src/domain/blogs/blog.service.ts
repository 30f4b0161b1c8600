/**
 * Blogs: creating them with valid settings, and finding which blog a request's host names.
 * Host lookups are cached for a few seconds: they happen on every request.
 */
import { newId } from '../../storage/ids.js';
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import type { BlogRow, BlogVisibility, LabelsStyle, PopularWindow } from '../../storage/schema.js';
import { ConflictError, InvalidInputError } from '../errors.js';
import { isLanguageTag, isTimeZone } from '../text/time.js';

export interface NewBlog {
  name: string;
  title: string;
  description?: string;
  language?: string;
  timeZone?: string;
  customDomain?: string | null;
  primary?: boolean;
}

export interface BlogSettings {
  title?: string;
  description?: string;
  language?: string;
  timeZone?: string;
  customDomain?: string | null;
  postsPerPage?: number;
  popularWindow?: PopularWindow;
  popularCount?: number;
  snippetLength?: number;
  /** Characters of a post without a jump break that lists show; 0: the whole post. */
  excerptLength?: number;
  searchDescription?: string;
  labelsStyle?: LabelsStyle;
  /** `private`: only the blog's signed-in readers and members see it. */
  visibility?: BlogVisibility;
}

const HOST_CACHE_MS = 5_000;

/** A blog name: the first label of its host name, so letters, digits and inner hyphens, 1–63 long. */
export function isValidBlogName(name: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name);
}

function isValidDomain(domain: string): boolean {
  return domain.length <= 253 && /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain);
}

export class BlogService {
  private hostCache = new Map<string, { blog: BlogRow | undefined; until: number }>();
  private generation = 0;
  private changeListeners: (() => void)[] = [];

  constructor(
    private readonly blogs: BlogRepository,
    private readonly baseDomain: string,
    readonly now: () => number = Date.now,
  ) {}

  findById(id: string): Promise<BlogRow | undefined> {
    return this.blogs.findById(id);
  }

  /** Whether the installation has any blog yet (none: the set-up page is next). */
  async hasAnyBlog(): Promise<boolean> {
    return (await this.blogs.count()) > 0;
  }

  async createBlog(input: NewBlog): Promise<BlogRow> {
    const name = input.name.trim().toLowerCase();
    if (!isValidBlogName(name)) {
      throw new InvalidInputError('A blog name is 1–63 lower-case letters, digits or inner hyphens, like "travel".', 'name');
    }
    if (await this.blogs.findByName(name)) throw new ConflictError(`A blog named "${name}" already exists.`);
    const settings = this.validSettings({
      title: input.title,
      description: input.description ?? '',
      language: input.language ?? 'en',
      timeZone: input.timeZone ?? 'UTC',
      customDomain: input.customDomain ?? null,
    });
    if (settings.custom_domain && (await this.blogs.findByDomain(settings.custom_domain))) {
      throw new ConflictError(`The domain ${settings.custom_domain} already belongs to another blog.`);
    }
    const now = this.now();
    const primary = input.primary ?? (await this.blogs.count()) === 0;
    const blog = await this.blogs.insert({
      id: newId(now),
      name,
      title: settings.title!,
      description: settings.description!,
      language: settings.language!,
      time_zone: settings.time_zone!,
      custom_domain: settings.custom_domain ?? null,
      is_primary: primary ? 1 : 0,
      created_at: now,
      updated_at: now,
    });
    this.forgetHosts();
    return blog;
  }

  async updateSettings(blogId: string, input: BlogSettings): Promise<void> {
    const patch = this.validSettings(input);
    if (patch.custom_domain) {
      const holder = await this.blogs.findByDomain(patch.custom_domain);
      if (holder && holder.id !== blogId) throw new ConflictError(`The domain ${patch.custom_domain} already belongs to another blog.`);
    }
    await this.blogs.update(blogId, patch);
    // The content version only moves forward (a page, settings or JSON-LD kept for an earlier version never returns).
    await this.blogs.touch(blogId, this.now());
    this.forgetHosts();
  }

  /** Validates settings and turns them into column values; throws InvalidInputError naming the field. */
  private validSettings(input: BlogSettings): Partial<BlogRow> {
    const patch: Partial<BlogRow> = {};
    if (input.title !== undefined) {
      const title = input.title.trim();
      if (title.length === 0 || title.length > 200) throw new InvalidInputError('A blog title is 1–200 characters.', 'title');
      patch.title = title;
    }
    if (input.description !== undefined) {
      if (input.description.length > 2000) throw new InvalidInputError('A description is at most 2,000 characters.', 'description');
      patch.description = input.description.trim();
    }
    if (input.language !== undefined) {
      if (!isLanguageTag(input.language))
        throw new InvalidInputError(`"${input.language}" is not a language tag such as en, ur or pt-BR.`, 'language');
      patch.language = Intl.getCanonicalLocales(input.language)[0]!;
    }
    if (input.timeZone !== undefined) {
      if (!isTimeZone(input.timeZone))
        throw new InvalidInputError(`"${input.timeZone}" is not a time zone such as UTC or Asia/Karachi.`, 'timeZone');
      patch.time_zone = input.timeZone;
    }
    if (input.customDomain !== undefined) {
      const domain = input.customDomain?.trim().toLowerCase() || null;
      if (domain && (!isValidDomain(domain) || domain === this.baseDomain || domain.endsWith(`.${this.baseDomain}`))) {
        throw new InvalidInputError(`"${domain}" is not a domain this blog can use.`, 'customDomain');
      }
      patch.custom_domain = domain;
    }
    const range = (value: number | undefined, min: number, max: number, field: string, label: string) => {
      if (value === undefined) return undefined;
      if (!Number.isInteger(value) || value < min || value > max)
        throw new InvalidInputError(`${label} must be a whole number from ${min} to ${max}.`, field);
      return value;
    };
    const postsPerPage = range(input.postsPerPage, 1, 50, 'postsPerPage', 'Posts per page');
    if (postsPerPage !== undefined) patch.posts_per_page = postsPerPage;
    const popularCount = range(input.popularCount, 1, 10, 'popularCount', 'The number of popular posts');
    if (popularCount !== undefined) patch.popular_count = popularCount;
    const snippetLength = range(input.snippetLength, 20, 1000, 'snippetLength', 'The snippet length');
    if (snippetLength !== undefined) patch.snippet_length = snippetLength;
    const excerptLength = range(input.excerptLength, 0, 5000, 'excerptLength', 'The excerpt length');
    if (excerptLength !== undefined) patch.excerpt_length = excerptLength;
    if (input.popularWindow !== undefined) {
      if (!['7d', '30d', 'all'].includes(input.popularWindow))
        throw new InvalidInputError('The popular-posts window is 7d, 30d or all.', 'popularWindow');
      patch.popular_window = input.popularWindow;
    }
    if (input.labelsStyle !== undefined) {
      if (input.labelsStyle !== 'list' && input.labelsStyle !== 'cloud')
        throw new InvalidInputError('The labels gadget is a list or a cloud.', 'labelsStyle');
      patch.labels_style = input.labelsStyle;
    }
    if (input.visibility !== undefined) {
      if (input.visibility !== 'public' && input.visibility !== 'private')
        throw new InvalidInputError('A blog is public or private.', 'visibility');
      patch.visibility = input.visibility;
    }
    if (input.searchDescription !== undefined) {
      if (input.searchDescription.length > 300)
        throw new InvalidInputError('A search description is at most 300 characters.', 'searchDescription');
      patch.search_description = input.searchDescription.trim();
    }
    return patch;
  }

  /**
   * The blog a request's host names: `NAME.BASE_DOMAIN`, a custom domain, or — for the bare base
   * domain or an IP address — the primary blog. Undefined for any other host.
   */
  async blogForHost(hostHeader: string | undefined): Promise<BlogRow | undefined> {
    const host = normalizeHost(hostHeader);
    if (!host) return undefined;
    const cached = this.hostCache.get(host);
    const now = this.now();
    if (cached && cached.until > now) return cached.blog;
    const blog = await this.lookupHost(host);
    if (this.hostCache.size > 10_000) this.hostCache.clear();
    this.hostCache.set(host, { blog, until: now + HOST_CACHE_MS });
    return blog;
  }

  /**
   * The blog a Host header names, from the recent lookups alone (no query): `undefined` when the host
   * was not looked up in the last few seconds or names no blog. The cache-hit path asks this.
   */
  knownBlogForHost(hostHeader: string | undefined): BlogRow | undefined {
    return this.knownHost(hostHeader)?.blog;
  }

  /** `knownBlogForHost` with the time (ms) until which the lookup holds, for a cache of hits keyed by Host. */
  knownHost(hostHeader: string | undefined): { blog: BlogRow; until: number } | undefined {
    const host = normalizeHost(hostHeader);
    const cached = host === undefined ? undefined : this.hostCache.get(host);
    return cached?.blog && cached.until > this.now() ? { blog: cached.blog, until: cached.until } : undefined;
  }

  /**
   * Moves on every forgetting of the host lookups (a change made here or told by another process): what
   * was found through a lookup before holds only while this stays the same.
   */
  get hostsGeneration(): number {
    return this.generation;
  }

  /** Forgets cached host lookups (after a blog changes) and tells whoever listens (the other app processes). */
  forgetHosts(): void {
    this.generation++;
    this.hostCache.clear();
    for (const listener of this.changeListeners) listener();
  }

  /** Forgets cached host lookups because another process changed a blog; told to no one. */
  forgetHostsForPeer(): void {
    this.generation++;
    this.hostCache.clear();
  }

  /** Calls `listener` after every change this process makes to a blog or its content (cluster-link.ts). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  private async lookupHost(host: string): Promise<BlogRow | undefined> {
    if (host === this.baseDomain || isIpAddress(host)) return this.blogs.findPrimary();
    const suffix = `.${this.baseDomain}`;
    if (host.endsWith(suffix)) {
      const name = host.slice(0, -suffix.length);
      if (name === 'www') return this.blogs.findPrimary();
      return isValidBlogName(name) ? this.blogs.findByName(name) : undefined;
    }
    return this.blogs.findByDomain(host);
  }

  /** The address of a blog's home page, for links in feeds and sitemaps. */
  homeUrl(blog: Pick<BlogRow, 'name' | 'custom_domain' | 'is_primary'>, origin: { protocol: string; port: string }): string {
    const host = blog.custom_domain ?? (blog.is_primary ? this.baseDomain : `${blog.name}.${this.baseDomain}`);
    return `${origin.protocol}://${host}${origin.port ? `:${origin.port}` : ''}`;
  }
}

/** Lower-cases a Host header and strips its port; undefined when it is not a plausible host. */
export function normalizeHost(header: string | undefined): string | undefined {
  if (!header) return undefined;
  let host = header.trim().toLowerCase();
  if (host.startsWith('[')) {
    // An IPv6 literal and at most a port: `[::1]@evil.example` is no host at all.
    const literal = /^(\[[0-9a-f:.]{2,45}\])(:\d{0,5})?$/.exec(host);
    return literal?.[1];
  }
  host = host.replace(/:\d*$/, '').replace(/\.$/, '');
  return /^[a-z0-9.-]{1,253}$/.test(host) ? host : undefined;
}

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
}
