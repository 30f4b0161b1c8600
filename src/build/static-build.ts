/**
 * `dastan build`: a blog written out as static files any static host can serve (see output-paths.ts
 * for where each address goes). Everything is rendered by the server's own renderer and feed and SEO
 * code, so links and bytes are the live site's. A build whose blog has not changed since the last one
 * (same content version, theme, popular posts and options) writes nothing; otherwise every file is made
 * again and written only where its bytes changed, and files that no longer exist are removed.
 */
import { createHash } from 'node:crypto';
import type { Services } from '../services.js';
import type { BlogRow } from '../storage/schema.js';
import { PageRenderer } from '../render/pages.js';
import type { Theme } from '../render/theme.js';
import { THEMES_DIR } from '../render/theme.js';
import { BundledThemes } from '../render/themes/bundled-themes.js';
import { ThemeRegistry } from '../render/themes/theme-registry.js';
import type { SiteContext } from '../render/presenters/site.js';
import { OutputDir, type OutputCounts } from './output-dir.js';
import { PageBuilder, type Warn } from './build-pages.js';
import { BlogSnapshot } from './blog-snapshot.js';
import { DocumentBuilder } from './build-documents.js';
import { writeHostFiles, type SearchMode } from './host-files.js';

/** Changes when what a build writes changes shape, so an older build's files are made again. */
const BUILD_FORMAT = 'dastan-build-1';

export interface StaticBuildOptions {
  /** The output folder: empty, missing, or an earlier build's. */
  out: string;
  /** The live site's address (`https://travel.example.com`): canonical links, feeds, sitemap. */
  origin: string;
  search: SearchMode;
  /** Told about each address that could not be written. */
  warn?: Warn;
  /** Told the stage as the build goes. */
  onStage?: (stage: string) => void;
  /** URLs per sitemap before an index takes over; only tests set it lower. */
  sitemapUrlLimit?: number;
}

export interface StaticBuildResult extends OutputCounts {
  /** Files the build holds now. */
  files: number;
  /** Nothing had changed since the last build: nothing was rendered. */
  upToDate: boolean;
  /** Files written this time (new or changed). */
  changed: string[];
  posts: number;
  redirects: number;
}

export class StaticBuilder {
  private readonly themes: ThemeRegistry;
  private readonly pages: PageRenderer;

  /** @param theme the default theme's engine, as the server is handed it (main.ts). */
  constructor(
    private readonly services: Services,
    theme: Theme,
  ) {
    this.themes = new ThemeRegistry(new BundledThemes(THEMES_DIR, { default: theme }), services.themes);
    this.pages = new PageRenderer(this.themes);
  }

  /** What the pages depend on beyond the blog's content version: the popular posts and the build's options. */
  private async versionOf(blog: BlogRow, options: StaticBuildOptions): Promise<string> {
    const popular = await this.services.popular.forBlog(blog, 1);
    const { cssPath } = await this.themes.forBlog(blog);
    const parts = [BUILD_FORMAT, JSON.stringify(blog), popular.map((p) => `${p.post.id}:${p.post.updated_at}`).join(','), cssPath];
    parts.push(options.origin, options.search, String(options.sitemapUrlLimit ?? ''));
    return createHash('sha1').update(parts.join('\n')).digest('hex');
  }

  async build(blog: BlogRow, options: StaticBuildOptions): Promise<StaticBuildResult> {
    const out = new OutputDir(options.out);
    const version = await this.versionOf(blog, options);
    const stage = options.onStage ?? (() => {});
    const warn = options.warn ?? (() => {});
    if (out.previousVersion === version && out.isIntact()) {
      out.keep();
      return { ...out.counts, files: out.fileCount, upToDate: true, changed: [], posts: 0, redirects: 0 };
    }
    const site: SiteContext = { blog, origin: options.origin };
    const sidebar = await this.services.reader.sidebar(blog);
    const snapshot = await BlogSnapshot.read(this.services, blog);
    const pages = new PageBuilder({ services: this.services, pages: this.pages, site, out, warn }, snapshot);
    const documents = new DocumentBuilder({ services: this.services, site, out, warn, sitemapUrlLimit: options.sitemapUrlLimit });

    stage('posts and pages');
    await pages.posts(sidebar);
    const posts = [...snapshot.posts, ...snapshot.pages];
    stage('lists');
    await pages.home(sidebar);
    await pages.labels(sidebar);
    await pages.archives(sidebar);
    const searchPage = await pages.searchAndMissing(sidebar);
    stage('feeds');
    await documents.postFeedsOf(sidebar);
    await documents.commentFeedsOf(snapshot);
    const sitemapPages = await documents.seo();
    stage('assets');
    await documents.assets(await this.themes.forBlog(blog));
    await documents.uploads();
    const redirects = await writeHostFiles({ services: this.services, site, out, search: options.search, searchPage, posts, sitemapPages });
    out.finish(version);
    return { ...out.counts, files: out.fileCount, upToDate: false, changed: out.changed, posts: posts.length, redirects };
  }
}
