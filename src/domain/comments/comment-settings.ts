/**
 * A blog's comment settings and the rules read from them: who may comment, when a comment is held,
 * when a post's comments close, how deep replies nest, and the content rules the spam screens apply.
 */
import type { CommentSettingsRepository } from '../../storage/repositories/comment-settings.repository.js';
import type { CommentAccess, CommentModeration, CommentSettingsRow, PostRow } from '../../storage/schema.js';
import { InvalidInputError } from '../errors.js';
import type { ContentRules } from './screening.js';

const DAY = 24 * 60 * 60 * 1000;

export interface CommentSettings {
  access: CommentAccess;
  moderation: CommentModeration;
  /** With moderation 'older': posts older than this many days have their comments held. */
  moderationDays: number;
  /** Comments close on posts older than this many days; null: never. */
  closeDays: number | null;
  /** Replies nest this many levels, then continue flat. */
  depth: number;
  holdWords: string[];
  rejectWords: string[];
  maxLinks: number | null;
  /** Mail the blog's owners and admins about each held comment. */
  notifyModerators: boolean;
  /** Mail a post's author about new comments on it. */
  notifyAuthors: boolean;
  /** Ask suspicious writers for a proof of work (otherwise their comment is held). */
  proofOfWork: boolean;
}

export const DEFAULT_COMMENT_SETTINGS: CommentSettings = {
  access: 'anyone',
  moderation: 'never',
  moderationDays: 14,
  closeDays: null,
  depth: 3,
  holdWords: [],
  rejectWords: [],
  maxLinks: null,
  notifyModerators: true,
  notifyAuthors: true,
  proofOfWork: true,
};

/** Words one a line (or comma-separated), trimmed, empty ones dropped, at most 500 of 100 characters. */
export function parseWordList(text: string): string[] {
  const words = text
    .split(/[\n,]/)
    .map((w) => w.replace(/[\u0000-\u001F\u007F]/g, '').trim())
    .filter((w) => w.length > 0);
  if (words.length > 500) throw new InvalidInputError('A word list holds at most 500 words.');
  if (words.some((w) => w.length > 100)) throw new InvalidInputError('A word or phrase in a list is at most 100 characters.');
  return [...new Set(words)];
}

/** The rules the content screens apply (`Submission.rules`). */
export function contentRulesOf(settings: CommentSettings): ContentRules {
  return { holdWords: settings.holdWords, rejectWords: settings.rejectWords, maxLinks: settings.maxLinks };
}

/** True when the post takes no new comments: its own setting, or the blog's age limit. */
export function isClosedFor(settings: CommentSettings, post: Pick<PostRow, 'comments_setting' | 'published_at'>, now: number): boolean {
  if (post.comments_setting !== 'allow') return true;
  return settings.closeDays !== null && post.published_at !== null && now - post.published_at > settings.closeDays * DAY;
}

/** True when the blog's moderation mode holds a new comment on this post. */
export function isModerated(settings: CommentSettings, post: Pick<PostRow, 'published_at'>, now: number): boolean {
  if (settings.moderation === 'always') return true;
  if (settings.moderation === 'never') return false;
  return post.published_at !== null && now - post.published_at > settings.moderationDays * DAY;
}

function fromRow(row: CommentSettingsRow): CommentSettings {
  return {
    access: row.access,
    moderation: row.moderation,
    moderationDays: Number(row.moderation_days),
    closeDays: row.close_days === null ? null : Number(row.close_days),
    depth: Number(row.depth),
    holdWords: row.hold_words ? row.hold_words.split('\n') : [],
    rejectWords: row.reject_words ? row.reject_words.split('\n') : [],
    maxLinks: row.max_links === null ? null : Number(row.max_links),
    notifyModerators: Number(row.notify_moderators) === 1,
    notifyAuthors: Number(row.notify_authors) === 1,
    proofOfWork: Number(row.proof_of_work) === 1,
  };
}

/** Reads and saves a blog's comment settings; a save changes the blog's content version (pages show the form anew). */
export class CommentSettingsService {
  constructor(
    private readonly settings: CommentSettingsRepository,
    private readonly contentChanged: (blogId: string) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The settings read for each blog's current content version, for the post pages' forms. */
  private readonly byVersion = new Map<string, { version: number; settings: CommentSettings }>();

  async forBlog(blogId: string): Promise<CommentSettings> {
    const row = await this.settings.find(blogId);
    return row ? fromRow(row) : DEFAULT_COMMENT_SETTINGS;
  }

  /**
   * The settings as of the blog's content version `blog.updated_at`, read once per version. A save
   * moves the version after writing, so a page of the new version never sees the old settings, as
   * the page cache does. For showing the form; a submission reads them afresh with `forBlog`.
   */
  async forBlogVersion(blog: { id: string; updated_at: number }): Promise<CommentSettings> {
    const kept = this.byVersion.get(blog.id);
    if (kept?.version === blog.updated_at) return kept.settings;
    const settings = await this.forBlog(blog.id);
    if (this.byVersion.size >= 10_000) this.byVersion.clear();
    this.byVersion.set(blog.id, { version: blog.updated_at, settings });
    return settings;
  }

  async save(blogId: string, settings: CommentSettings): Promise<void> {
    const whole = (value: number, label: string, min: number, max: number) => {
      if (!Number.isInteger(value) || value < min || value > max)
        throw new InvalidInputError(`${label} must be a whole number from ${min} to ${max}.`);
      return value;
    };
    await this.settings.save({
      blog_id: blogId,
      access: settings.access,
      moderation: settings.moderation,
      moderation_days: whole(settings.moderationDays, 'The days before moderation', 0, 36500),
      close_days: settings.closeDays === null ? null : whole(settings.closeDays, 'The days before comments close', 1, 36500),
      depth: whole(settings.depth, 'The reply depth', 1, 10),
      hold_words: settings.holdWords.join('\n'),
      reject_words: settings.rejectWords.join('\n'),
      max_links: settings.maxLinks === null ? null : whole(settings.maxLinks, 'The most links', 0, 1000),
      notify_moderators: settings.notifyModerators ? 1 : 0,
      notify_authors: settings.notifyAuthors ? 1 : 0,
      proof_of_work: settings.proofOfWork ? 1 : 0,
      updated_at: this.now(),
    });
    await this.contentChanged(blogId);
  }
}
