/**
 * What the dashboard shows of an import job: its progress while it runs, and then its report —
 * counts found and added, redirects, images, entries skipped and warnings — as plain view models.
 */
import type { ImportCounts, ImportReport, ReportGroup } from '../../importers/import-report.js';
import type { ImportJobRow } from '../../storage/schema.js';

const PHASES: Record<string, string> = {
  checking: 'Checking the file',
  writing: 'Importing entries',
  media: 'Downloading images',
};
const STATUSES: Record<string, string> = { running: 'running', done: 'finished', failed: 'failed' };
/** Redirects listed on the page; the rest are counted. */
const MAX_REDIRECTS_SHOWN = 200;

function when(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A line of a recent-imports list. */
export function jobSummary(blogName: string, job: ImportJobRow) {
  return {
    url: `/admin/blogs/${blogName}/import/${job.id}`,
    fileName: job.file_name,
    status: STATUSES[job.status] ?? job.status,
    started: when(job.created_at),
  };
}

function countRows(found: ImportCounts, added: ImportCounts, dryRun: boolean) {
  const rows: [string, keyof ImportCounts][] = [
    ['Posts', 'posts'],
    ['Pages', 'pages'],
    ['Drafts', 'drafts'],
    ['Scheduled', 'scheduled'],
    ['Comments', 'comments'],
    ['Pending comments', 'pendingComments'],
    ['Spam comments', 'spamComments'],
    ['Labels', 'labels'],
    ['Authors', 'authors'],
    ['Redirects', 'redirects'],
    ['Media files', 'media'],
    ['E-mail subscribers', 'subscribers'],
  ];
  return rows
    .filter(([, key]) => key !== 'subscribers' || found.subscribers > 0)
    .map(([name, key]) => ({
      name,
      found: found[key].toLocaleString('en'),
      added: dryRun || key === 'media' ? '' : added[key].toLocaleString('en'),
    }));
}

function groups(list: ReportGroup[]) {
  return list.map((g) => ({ reason: g.reason, count: g.count, examples: g.examples.join('; '), more: g.count > g.examples.length }));
}

/** The report of a finished import, for the page. */
export function reportView(report: ImportReport) {
  const download = report.mediaDownload;
  return {
    format: report.formatName,
    seconds: (report.durationMs / 1000).toFixed(1),
    counts: countRows(report.found, report.added, report.dryRun),
    membersMatched: report.added.members,
    alreadyImported: report.alreadyImported.toLocaleString('en'),
    updated: report.updated ?? null,
    settings: [
      report.settings.title && `title “${report.settings.title}”`,
      report.settings.description && 'description',
      ...(report.settings.other ?? []),
    ]
      .filter(Boolean)
      .join(', '),
    redirects: report.redirects.slice(0, MAX_REDIRECTS_SHOWN),
    moreRedirects: Math.max(0, report.redirects.length - MAX_REDIRECTS_SHOWN),
    redirectCount: report.redirects.length.toLocaleString('en'),
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
export function jobView(job: ImportJobRow, report: ImportReport | undefined) {
  const percent = job.total > 0 ? Math.min(100, Math.floor((job.done / job.total) * 100)) : 0;
  return {
    fileName: job.file_name,
    running: job.status === 'running',
    failed: job.status === 'failed',
    status: STATUSES[job.status] ?? job.status,
    started: when(job.created_at),
    phase: PHASES[job.phase] ?? job.phase,
    unit: job.phase === 'checking' ? 'bytes' : job.phase === 'media' ? 'images' : 'entries',
    done: job.done.toLocaleString('en'),
    total: job.total.toLocaleString('en'),
    doneValue: job.done,
    totalValue: Math.max(job.total, 1),
    percent,
    media: job.media === 1,
    applySettings: job.apply_settings === 1,
    update: job.update_entries === 1,
    error: job.error,
    report: report ? reportView(report) : null,
  };
}
