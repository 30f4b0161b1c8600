/**
 * The report of an import: what the file holds, what this run stored, what was left out and why,
 * what was repaired — counted, grouped by reason, and written out as lines for the command line.
 */
import { redirectKey } from '../domain/redirects/redirect-key.js';
import type { ImportItem, SourceFormat } from './import-model.js';
import { cleanLabelName } from './labels.js';
import { addOwnCopy, ownCopy } from './own-copy.js';
import type { MediaDownloadReport } from './media/media-localizer.js';

export interface ImportCounts {
  posts: number;
  pages: number;
  /** Posts and pages kept as drafts. */
  drafts: number;
  scheduled: number;
  comments: number;
  pendingComments: number;
  spamComments: number;
  /** Distinct labels on the posts and pages. */
  labels: number;
  /** Distinct authors of posts and pages. */
  authors: number;
  /** Authors matched to members of the blog by e-mail (known once stored). */
  members: number;
  media: number;
  redirects: number;
  /** E-mail subscribers (Substack's list). */
  subscribers: number;
}

/** Entries skipped (or warnings) for one reason. */
export interface ReportGroup {
  reason: string;
  count: number;
  /** The first few entries or lines, for a person to look up. */
  examples: string[];
}

export interface ImportReport {
  source: string;
  format: SourceFormat;
  formatName: string;
  blog: string;
  dryRun: boolean;
  /** What the file holds (read before anything is stored). */
  found: ImportCounts;
  /** What this run stored. */
  added: ImportCounts;
  /** Posts, pages and comments an earlier import of the same source already stored. */
  alreadyImported: number;
  /**
   * With `--update`: of the entries already there, those the file changed (brought up to date) and
   * those it left as they were. Absent without `--update`.
   */
  updated?: { posts: number; pages: number; comments: number; unchanged: number };
  /** Blog settings taken from the export: the title and description, and (from a Dastan export) the other parts applied. */
  settings: { title?: string; description?: string; other?: string[] };
  /** Every redirect this run stored: old address → new one. */
  redirects: { from: string; to: string }[];
  /** Media files the export refers to (they stay at their addresses). */
  media: { url: string; title: string }[];
  /** The images downloaded (with `--media`): how many, and those that stay at their old address. */
  mediaDownload?: MediaDownloadReport;
  skipped: ReportGroup[];
  warnings: ReportGroup[];
  durationMs: number;
}

const MAX_EXAMPLES = 10;
const MAX_GROUPS = 200;
const MAX_MEDIA = 10_000;

export function emptyCounts(): ImportCounts {
  return {
    posts: 0,
    pages: 0,
    drafts: 0,
    scheduled: 0,
    comments: 0,
    pendingComments: 0,
    spamComments: 0,
    labels: 0,
    authors: 0,
    members: 0,
    media: 0,
    redirects: 0,
    subscribers: 0,
  };
}

/** Groups messages by reason, keeping a few examples of each (own copies); the number of groups is bounded. */
export class Groups {
  private readonly groups = new Map<string, ReportGroup>();

  add(reason: string, example?: string): void {
    let group = this.groups.get(reason);
    if (!group) {
      if (this.groups.size >= MAX_GROUPS) {
        reason = 'other reasons';
        group = this.groups.get(reason);
      }
      if (!group) {
        reason = ownCopy(reason);
        group = { reason, count: 0, examples: [] };
        this.groups.set(reason, group);
      }
    }
    group.count++;
    if (example && group.examples.length < MAX_EXAMPLES) group.examples.push(ownCopy(example));
  }

  list(): ReportGroup[] {
    return [...this.groups.values()];
  }
}

/** Counts what a file holds, item by item, without storing anything (the check before the import). */
export class FoundCounter {
  readonly counts = emptyCounts();
  readonly skipped = new Groups();
  readonly warnings = new Groups();
  readonly media: { url: string; title: string }[] = [];
  /** Files the export carries (a Markdown site's images), by the address the posts show them at. */
  readonly files = new Map<string, () => Buffer>();
  settings: { title?: string; description?: string } = {};
  entries = 0;
  private readonly labels = new Set<string>();
  private readonly authors = new Set<string>();
  /** Old addresses seen (an export may name one twice: the first keeps it). */
  private readonly addresses = new Set<string>();

  private countAddress(from: string): void {
    const key = redirectKey(from);
    if (key && !this.addresses.has(key)) {
      this.addresses.add(ownCopy(key));
      this.counts.redirects++;
    }
  }

  observe(item: ImportItem): void {
    const c = this.counts;
    switch (item.type) {
      case 'post':
        this.entries++;
        if (item.kind === 'page') c.pages++;
        else c.posts++;
        if (item.status === 'draft') c.drafts++;
        if (item.status === 'scheduled') c.scheduled++;
        for (const label of item.labels) {
          const name = cleanLabelName(label).name;
          if (name) addOwnCopy(this.labels, name);
        }
        c.labels = this.labels.size;
        if (item.author?.name) addOwnCopy(this.authors, item.author.name);
        c.authors = this.authors.size;
        // A draft had no public address to keep (the writer stores none for it).
        if (item.status !== 'draft') for (const address of item.oldAddresses) this.countAddress(address.from);
        return;
      case 'comment':
        this.entries++;
        c.comments++;
        if (item.status === 'pending') c.pendingComments++;
        if (item.status === 'spam') c.spamComments++;
        return;
      case 'redirect':
        this.entries++;
        this.countAddress(item.from);
        return;
      case 'subscriber':
        this.entries++;
        c.subscribers++;
        return;
      case 'media':
        c.media++;
        if (item.read) {
          this.files.set(ownCopy(item.url), item.read);
          return;
        }
        if (this.media.length < MAX_MEDIA) this.media.push({ url: ownCopy(item.url), title: ownCopy(item.title) });
        return;
      case 'settings':
        this.settings = { title: item.title, description: item.description };
        return;
      case 'skip':
        this.skipped.add(item.reason, item.line ? `${item.entry} (line ${item.line})` : item.entry);
        return;
      case 'warning':
        this.warnings.add(item.message, item.line ? `line ${item.line}` : undefined);
        return;
    }
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function countsLine(c: ImportCounts): string {
  const parts = [
    plural(c.posts, 'post'),
    plural(c.pages, 'page'),
    `${c.drafts.toLocaleString('en')} draft${c.drafts === 1 ? '' : 's'}${c.scheduled ? `, ${c.scheduled.toLocaleString('en')} scheduled` : ''}`,
    `${plural(c.comments, 'comment')}${c.pendingComments || c.spamComments ? ` (${c.pendingComments} pending, ${c.spamComments} spam)` : ''}`,
    plural(c.labels, 'label'),
    plural(c.redirects, 'redirect'),
  ];
  if (c.media) parts.push(plural(c.media, 'media file'));
  if (c.subscribers) parts.push(plural(c.subscribers, 'e-mail subscriber'));
  return parts.join(', ');
}

/** The report as lines of text, for the command line. */
export function formatReport(report: ImportReport): string[] {
  const lines: string[] = [];
  lines.push(
    `${report.dryRun ? 'Checked' : 'Imported'} ${report.source} (${report.formatName}) into the blog ${report.blog} in ${(report.durationMs / 1000).toFixed(1)} s.`,
  );
  lines.push(`  in the file: ${countsLine(report.found)}; ${plural(report.found.authors, 'author')}`);
  if (!report.dryRun) {
    lines.push(`  added:       ${countsLine(report.added)}; ${plural(report.added.members, 'author')} matched to members`);
    if (report.alreadyImported) lines.push(`  already there from an earlier import: ${plural(report.alreadyImported, 'entry', 'entries')}`);
    const u = report.updated;
    if (u) {
      lines.push(
        `  updated:     ${plural(u.posts, 'post')}, ${plural(u.pages, 'page')}, ${plural(u.comments, 'comment')}; ${u.unchanged.toLocaleString('en')} unchanged`,
      );
    }
    const settings = [
      report.settings.title && `title "${report.settings.title}"`,
      report.settings.description && 'description',
      ...(report.settings.other ?? []),
    ].filter(Boolean);
    if (settings.length > 0) lines.push(`  blog settings: ${settings.join(', ')}`);
  }
  if (report.redirects.length) {
    lines.push(`Redirects (${report.redirects.length.toLocaleString('en')}):`);
    for (const r of report.redirects) lines.push(`  ${r.from} → ${r.to}`);
  }
  if (report.media.length) {
    lines.push(`Media the export refers to (${report.found.media.toLocaleString('en')}; the files stay at these addresses):`);
    for (const m of report.media.slice(0, 50)) lines.push(`  ${m.url}${m.title ? ` (${m.title})` : ''}`);
    if (report.media.length > 50) lines.push(`  … and ${report.media.length - 50} more`);
  }
  const download = report.mediaDownload;
  if (download) {
    lines.push(
      `Images: ${plural(download.found, 'image')} in the posts; ${download.stored.toLocaleString('en')} downloaded, ${download.alreadyStored.toLocaleString('en')} already here, ${plural(download.postsChanged, 'post')} now showing local copies`,
    );
    if (download.failed.length) {
      lines.push(`Images not downloaded (${download.failed.length.toLocaleString('en')}; the posts keep linking to them):`);
      for (const f of download.failed) lines.push(`  ${f.url}: ${f.reason}`);
    }
  }
  const groups = (title: string, list: ReportGroup[]) => {
    if (!list.length) return;
    lines.push(`${title} (${list.reduce((n, g) => n + g.count, 0).toLocaleString('en')}):`);
    for (const g of list) {
      const examples = g.examples.length ? `: ${g.examples.join('; ')}${g.count > g.examples.length ? '; …' : ''}` : '';
      lines.push(`  ${g.count} × ${g.reason}${examples}`);
    }
  };
  groups('Skipped', report.skipped);
  groups('Warnings', report.warnings);
  return lines;
}
