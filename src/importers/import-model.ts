/**
 * The import model: what every parser (Blogger, WordPress, Ghost, Dastan's own JSON) turns an export
 * into, one item at a time, and what the one writer stores. Parsers know formats; the writer knows
 * Dastan. Times are milliseconds since the epoch; HTML is raw (the services sanitize it).
 */
import type { DastanExportSettings } from './dastan-json.format.js';
import type { CommentAccess, CommentModeration, CommentsSetting } from '../storage/schema.js';

/** The formats `detectFormat` recognises. */
export type SourceFormat =
  | 'blogger-atom'
  | 'blogger-2018'
  | 'blogger-api'
  | 'wxr'
  | 'ghost'
  | 'dastan-json'
  | 'writefreely'
  | 'medium'
  | 'substack'
  | 'jekyll'
  | 'hugo'
  | 'eleventy';

/** An old address of a post, and what of the post it leads to. */
export interface OldAddress {
  /** A path on the old site relative to its home (`/2019/05/hello/`, `/?p=12`). */
  from: string;
  /** The post itself (default), or its comments feed. */
  to?: 'post' | 'comments-feed';
}

export interface ImportedPost {
  type: 'post';
  /** Stable across runs: the same entry of the same export always has the same source ID. */
  sourceId: string;
  kind: 'post' | 'page';
  status: 'live' | 'draft' | 'scheduled';
  title: string;
  body: string;
  format: 'html' | 'markdown';
  publishedAt?: number;
  updatedAt?: number;
  labels: string[];
  /**
   * The permalink to keep: a post's `/YYYY/MM/slug.html` (year and month), a page's `/p/slug.html`.
   * `path` is the old address it was read from: should the post not get it, that address redirects.
   */
  permalink?: { slug: string; year?: number; month?: number; path?: string };
  /** The source's numeric ID (Blogger's), kept as the Dastan ID when free. */
  keepId?: string;
  author?: { name: string; email?: string };
  searchDescription?: string;
  commentsSetting?: CommentsSetting;
  /** The cover image: an http(s) address (a Markdown site's own image is copied into the uploads after the import). */
  cover?: { url: string; alt: string };
  /** Old addresses that answer 301 to this post. */
  oldAddresses: OldAddress[];
  /** Where the entry starts in the file (1-based), for messages. */
  line?: number;
}

export interface ImportedComment {
  type: 'comment';
  sourceId: string;
  /** The source ID of the post — or of the comment — it answers. */
  replyTo: string;
  /** The source ID of the comment it answers, when that is said apart from the post. */
  parentSourceId?: string;
  status: 'live' | 'pending' | 'spam';
  authorName: string;
  authorUrl?: string;
  authorEmail?: string;
  body: string;
  createdAt?: number;
  keepId?: string;
  line?: number;
}

/** The blog's own settings, from the export. */
export interface ImportedSettings {
  type: 'settings';
  title?: string;
  description?: string;
  /** From a Dastan export: the blog's language, time zone and search description. */
  language?: string;
  timeZone?: string;
  searchDescription?: string;
  /** From a Blogger backup: who may comment and which comments are held. */
  comments?: { access?: CommentAccess; moderation?: CommentModeration; moderationDays?: number };
  /** From a Dastan export: options, comment settings and theme. */
  dastan?: DastanExportSettings;
}

/** Where an old address that is not a post's own leads. */
export type RedirectTarget =
  /** A post found by its source ID (or its comments feed). */
  | { post: string; commentsFeed?: boolean }
  /** A fixed path on the blog. */
  | { path: string }
  /** A label's page, or with `feed`, its feed. */
  | { label: string; feed?: boolean }
  /** The blog's feed of posts or of comments. */
  | { feed: 'posts' | 'comments' };

/** An old address of the blog that is not a post's own: a category or tag page, a feed. */
export interface ImportedRedirect {
  type: 'redirect';
  from: string;
  to: RedirectTarget;
}

/**
 * A media file the export refers to: WordPress attachments stay where they are; an image a Markdown
 * site carries (`read`) is copied into the blog's uploads, and the posts showing it (at `url`) are
 * pointed at the copy.
 */
export interface ImportedMedia {
  type: 'media';
  sourceId: string;
  url: string;
  title: string;
  /** The file's bytes, when the export carries the file itself. */
  read?: () => Buffer;
}

/** A reader who followed the old blog by e-mail (Substack's subscriber list): becomes an e-mail subscriber. */
export interface ImportedSubscriber {
  type: 'subscriber';
  email: string;
  /** When the reader subscribed there: their consent date. */
  consentAt?: number;
  line?: number;
}

/** An entry that is not imported, and why. Entries with the same reason are reported together. */
export interface SkippedEntry {
  type: 'skip';
  reason: string;
  /** What was skipped: a title, an ID. */
  entry: string;
  line?: number;
}

/** Something repaired or changed on the way in. */
export interface ImportWarning {
  type: 'warning';
  message: string;
  line?: number;
}

export type ImportItem =
  ImportedPost | ImportedComment | ImportedSettings | ImportedRedirect | ImportedMedia | ImportedSubscriber | SkippedEntry | ImportWarning;

/** Where an export is read from; opened once to check it and once to store it. */
export interface ImportSource {
  /** A name for messages: the file name. */
  name: string;
  /** Its size in bytes, when known (for progress). */
  size?: number;
  open(): NodeJS.ReadableStream;
  /** A folder's files (a Markdown site given as a folder): read as a zip's would be. */
  folder?: ZipArchive;
}

/** Reports how far reading has got, in bytes. */
export type ReadProgress = (bytesRead: number) => void;

/** What a parser reads: the source (streamed, for XML) or the document already parsed (JSON). */
export interface ParserInput {
  source: ImportSource;
  /** The parsed JSON document, for JSON formats. */
  document?: unknown;
  onRead?: ReadProgress;
  /** Import a file cut after a complete entry (with a warning) instead of refusing it. */
  partial?: boolean;
  /** The files of a zip that is the export itself (Medium, Substack). */
  zip?: ZipArchive;
}

/** A parser: yields import items in file order; throws ImportRefusedError when the file cannot be imported. */
export type Parser = (input: ParserInput) => AsyncIterable<ImportItem>;

/** The files of a zip (or a tar, or a folder): names in the archive's order, each read (inflated) on demand. */
export interface ZipArchive {
  names: string[];
  /** Entries left out when the archive was listed (a link leading outside the folder), and why. */
  problems?: { name: string; reason: string }[];
  /** The bytes of one file; throws ImportRefusedError for a damaged one. */
  read(name: string): Buffer;
}
