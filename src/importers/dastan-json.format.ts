/**
 * Dastan's full-fidelity JSON export: everything a blog is — settings, posts and pages in every state,
 * labels, comments with their threads and status, redirects — so that exporting a blog and importing
 * the file into an empty one gives the same blog. Times are ISO 8601 in UTC, with milliseconds.
 */
import type { CommentSettings } from '../domain/comments/comment-settings.js';
import type { ThemeSettings } from '../domain/themes/theme-settings.js';
import type { CommentsSetting, CommentStatus, LabelsStyle, PopularWindow, PostKind, PostStatus } from '../storage/schema.js';

export const DASTAN_EXPORT_FORMAT = 'dastan-export';
export const DASTAN_EXPORT_VERSION = 1;

export interface DastanExportBlog {
  name: string;
  title: string;
  description: string;
  language: string;
  timeZone: string;
  searchDescription: string;
}

export interface DastanExportPost {
  id: string;
  /** Where the post came from, when it was imported (kept so importing that source again adds nothing). */
  sourceId: string | null;
  kind: PostKind;
  status: PostStatus;
  title: string;
  slug: string;
  pathYear: number | null;
  pathMonth: number | null;
  bodyHtml: string;
  searchDescription: string;
  commentsSetting: CommentsSetting;
  authorName: string;
  authorEmail: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  labels: string[];
}

export interface DastanExportComment {
  id: string;
  sourceId: string | null;
  postId: string;
  parentId: string | null;
  status: Exclude<CommentStatus, 'deleted'>;
  authorName: string;
  authorUrl: string;
  authorEmail: string;
  bodyHtml: string;
  createdAt: string;
  updatedAt: string;
}

export interface DastanExportRedirect {
  from: string;
  postId: string | null;
  targetPath: string | null;
}

/** The blog's options, comment settings and theme (files written before these were added lack it). */
export interface DastanExportSettings {
  options: {
    postsPerPage: number;
    popularWindow: PopularWindow;
    popularCount: number;
    snippetLength: number;
    labelsStyle: LabelsStyle;
    searchDescriptionEnabled: boolean;
    /** A custom robots.txt; null: the generated one. */
    robotsTxt: string | null;
    /** Robots meta tags per kind of page; null: none. */
    robotsTags: Record<string, string[]> | null;
    /** Embed providers the owner added (`https://host/path-prefix`). */
    embedProviders: string[];
    viewBeacon: boolean;
  };
  comments: CommentSettings;
  /** The bundled theme chosen, its colour and font settings, and the blog's own copies of its files. */
  theme: { name: string; settings: ThemeSettings; files: Record<string, string> };
}

export interface DastanExport {
  dastan: { format: typeof DASTAN_EXPORT_FORMAT; version: number; exportedAt: string };
  blog: DastanExportBlog;
  settings?: DastanExportSettings;
  posts: DastanExportPost[];
  comments: DastanExportComment[];
  redirects: DastanExportRedirect[];
}
