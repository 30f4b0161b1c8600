/**
 * What the dashboard shows of an import job: its progress while it runs, and then its report —
 * counts found and added, redirects, images, entries skipped and warnings — as plain view models in
 * the reader's language. The reasons an importer gives for a skipped entry or a warning stay as it wrote
 * them (English): they quote the file.
 */
import type { ImportCounts, ImportReport, ReportGroup } from '../../importers/import-report.js';
import type { ImportJobRow } from '../../storage/schema.js';
import type { Texts } from '../i18n/translate.js';
import { formatDateTime } from '../dates.js';

/** Redirects listed on the page; the rest are counted. */
const MAX_REDIRECTS_SHOWN = 200;

/** The groups of settings an import may take from a Dastan export, named in `admin.import.group.SLUG`. */
const SETTING_GROUPS: Record<string, string> = {
  'language, time zone and search description': 'language',
  'comment settings': 'comments',
  'post and gadget options': 'options',
  'robots settings': 'robots',
  'embed providers': 'embeds',
  'view beacon setting': 'beacon',
  "theme's colours and fonts": 'colours',
};

/** A time of the import, in the reader's language and in UTC (the import's log speaks UTC too). */
function when(ms: number, language: string): string {
  return formatDateTime(ms, language, 'UTC');
}

/** A line of a recent-imports list; `language` writes its date. */
export function jobSummary(blogName: string, job: ImportJobRow, language: string) {
  return {
    url: `/admin/blogs/${blogName}/import/${job.id}`,
    fileName: job.file_name,
    status: job.status,
    started: when(job.created_at, language),
  };
}

const COUNTED: (keyof ImportCounts)[] = [
  'posts',
  'pages',
  'drafts',
  'scheduled',
  'comments',
  'pendingComments',
  'spamComments',
  'labels',
  'authors',
  'redirects',
  'media',
  'subscribers',
];

function countRows(texts: Texts, found: ImportCounts, added: ImportCounts, dryRun: boolean) {
  const number = new Intl.NumberFormat(texts.locale);
  return COUNTED.filter((key) => key !== 'subscribers' || found.subscribers > 0).map((key) => ({
    name: texts.text(`admin.import.count.${key}`),
    found: number.format(found[key]),
    added: dryRun || key === 'media' ? '' : number.format(added[key]),
  }));
}

function groups(list: ReportGroup[]) {
  return list.map((g) => ({ reason: g.reason, count: g.count, examples: g.examples.join('; '), more: g.count > g.examples.length }));
}

/** What the import took from the file for the blog itself, in the reader's words ("its title “Diary”, its description"). */
function settingsTaken(texts: Texts, settings: ImportReport['settings']): string {
  const slug = (name: string) => SETTING_GROUPS[name];
  return [
    settings.title && texts.text('admin.import.group.title', { title: settings.title }),
    settings.description && texts.text('admin.import.group.description'),
    ...(settings.other ?? []).map((name) => (slug(name) ? texts.text(`admin.import.group.${slug(name)}`) : name)),
  ]
    .filter(Boolean)
    .join(texts.text('admin.import.group.separator'));
}

/** The report of a finished import, for the page, in the reader's language. */
export function reportView(report: ImportReport, texts: Texts) {
  const download = report.mediaDownload;
  return {
    format: report.formatName,
    seconds: Math.round(report.durationMs / 100) / 10,
    counts: countRows(texts, report.found, report.added, report.dryRun),
    membersMatched: report.added.members,
    alreadyImported: report.alreadyImported,
    updated: report.updated ?? null,
    settings: settingsTaken(texts, report.settings),
    redirects: report.redirects.slice(0, MAX_REDIRECTS_SHOWN),
    moreRedirects: Math.max(0, report.redirects.length - MAX_REDIRECTS_SHOWN),
    redirectCount: report.redirects.length,
    media: download
      ? {
          found: download.found,
          stored: download.stored,
          alreadyStored: download.alreadyStored,
          postsChanged: download.postsChanged,
          failed: download.failed,
        }
      : null,
    mediaListed: report.media.slice(0, 50),
    skipped: groups(report.skipped),
    warnings: groups(report.warnings),
  };
}

/** A job as its page shows it: progress while it runs, the report or the reason once it ends. */
export function jobView(job: ImportJobRow, report: ImportReport | undefined, texts: Texts, language: string) {
  const percent = job.total > 0 ? Math.min(100, Math.floor((job.done / job.total) * 100)) : 0;
  return {
    fileName: job.file_name,
    running: job.status === 'running',
    failed: job.status === 'failed',
    status: job.status,
    started: when(job.created_at, language),
    phase: job.phase,
    unit: job.phase === 'checking' ? 'bytes' : job.phase === 'media' ? 'images' : 'entries',
    done: job.done,
    total: job.total,
    doneValue: job.done,
    totalValue: Math.max(job.total, 1),
    percent,
    share: percent / 100,
    media: job.media === 1,
    applySettings: job.apply_settings === 1,
    update: job.update_entries === 1,
    error: job.error,
    report: report ? reportView(report, texts) : null,
  };
}
