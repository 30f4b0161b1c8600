/**
 * The blog options only its owner (embeds, deletion) or its admins (search engines) change: the embed
 * providers added to the built-in ones, the robots and search-description options, and deleting the
 * blog with everything in it. Every change is seen by the blog's pages at once (a new content version,
 * host lookups forgotten).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { BlogDeletionRepository, DeletedCounts } from '../../storage/repositories/blog-deletion.repository.js';
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import type { BlogRow } from '../../storage/schema.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { BUILT_IN_PROVIDERS, MAX_OWN_PROVIDERS, parseProvider, providerText } from '../text/embeds.js';
import type { BlogService } from './blog.service.js';
import { validRobotsTxt, type RobotsTags } from './robots-settings.js';

export interface SearchOptions {
  /** The custom robots.txt, or null for the generated one. */
  robotsTxt: string | null;
  /** Custom robots tags, or null for none. */
  robotsTags: RobotsTags | null;
  searchDescriptionEnabled: boolean;
}

export class BlogOptionsService {
  constructor(
    private readonly blogs: BlogRepository,
    private readonly deletion: BlogDeletionRepository,
    private readonly blogService: BlogService,
    private readonly uploadsDir: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Sets the owner's embed providers from the text typed (one a line): each is checked and stored in
   * its normal form; built-in ones and repeats are skipped. Throws naming the first line that is not one.
   */
  async setEmbedProviders(blog: BlogRow, typed: string): Promise<string[]> {
    const builtIn = new Set(BUILT_IN_PROVIDERS.map(providerText));
    const kept = new Set<string>();
    for (const [i, line] of typed.split(/\r?\n|\r/).entries()) {
      if (line.trim() === '') continue;
      const parsed = parseProvider(line);
      if (typeof parsed === 'string') throw new InvalidInputError(`Line ${i + 1}: ${parsed}.`, 'providers');
      const text = providerText(parsed);
      if (!builtIn.has(text)) kept.add(text);
    }
    if (kept.size > MAX_OWN_PROVIDERS) throw new InvalidInputError(`A blog may add at most ${MAX_OWN_PROVIDERS} providers.`, 'providers');
    await this.save(blog.id, { embed_providers: [...kept].join('\n') });
    return [...kept];
  }

  async setSearchOptions(blog: BlogRow, options: SearchOptions): Promise<void> {
    await this.save(blog.id, {
      robots_txt: options.robotsTxt === null ? null : validRobotsTxt(options.robotsTxt),
      robots_tags: options.robotsTags === null ? null : JSON.stringify(options.robotsTags),
      search_description_enabled: options.searchDescriptionEnabled ? 1 : 0,
    });
  }

  /**
   * Deletes the blog, once its name was typed to confirm: every post, comment, label, view, member,
   * redirect, revision and open invitation (one transaction), then its uploaded files.
   */
  async deleteBlog(blog: BlogRow, typedName: string): Promise<DeletedCounts> {
    if (typedName.trim().toLowerCase() !== blog.name) {
      throw new InvalidInputError(`Type the blog's name, ${blog.name}, to confirm that it is to be deleted.`, 'confirm');
    }
    const counts = await this.deletion.deleteBlog(blog.id);
    if (!counts) throw new NotFoundError('That blog does not exist any more.');
    this.blogService.forgetHosts();
    // Only digits reach here (blog IDs), so the path stays inside the uploads folder.
    if (/^\d+$/.test(blog.id)) await rm(path.join(this.uploadsDir, blog.id), { recursive: true, force: true });
    return counts;
  }

  private async save(blogId: string, patch: Parameters<BlogRepository['update']>[1]): Promise<void> {
    await this.blogs.update(blogId, patch);
    await this.blogs.touch(blogId, this.now());
    this.blogService.forgetHosts();
  }
}
