/**
 * The ordered list of migrations. Each is named by the time it was written; a new one is appended,
 * an old one is never edited.
 */
import type { Kysely } from 'kysely';
import * as initial from './20261128T0600-initial.js';
import * as accounts from './20261128T0700-accounts.js';
import * as revisions from './20261128T0800-revisions.js';
import * as importRedirects from './20261128T1200-import-redirects.js';
import * as labelGadget from './20261128T1300-label-gadget.js';
import * as commentSettings from './20261128T1400-comment-settings.js';
import * as spamClassifier from './20261128T1410-spam-classifier.js';
import * as audience from './20261128T1500-audience.js';
import * as blogThemes from './20261128T1600-blog-themes.js';
import * as blogOptions from './20261128T1700-blog-options.js';
import * as importJobs from './20261128T1800-import-jobs.js';
import * as commentsByBlogAndId from './20261128T1960-comments-by-blog-and-id.js';
import * as viewTotals from './20261128T1970-view-totals.js';
import * as jobs from './20261203T0740-jobs.js';
import * as apiTokens from './20261203T0750-api-tokens.js';
import * as subscribers from './20261203T0840-subscribers.js';
import * as texts from './20261203T0905-texts.js';
import * as postCovers from './20261203T0945-post-covers.js';
import * as webhooks from './20261204T1100-webhooks.js';
import * as oauth from './20261204T1110-oauth.js';
import * as blogLayouts from './20261204T1200-blog-layouts.js';
import * as contactRedirectsMedia from './20261204T1300-contact-redirects-media.js';
import * as scaleIndexes from './20261204T1500-scale-indexes.js';
import * as importJobOptions from './20261204T1700-import-job-options.js';
import * as newsletter from './20261204T1800-newsletter.js';
import * as privateBlogs from './20261205T1300-private-blogs.js';
import * as mailClaims from './20261205T2100-mail-claims.js';
import * as mediaUploader from './20261205T2100-media-uploader.js';
import * as dashboardPostOrder from './20261206T0200-dashboard-post-order.js';
import * as searchByBlogLiveCounts from './20261206T0300-search-by-blog-live-counts.js';
import * as postCounts from './20261206T0400-post-counts.js';
import * as gadgetCounts from './20261207T0100-gadget-counts.js';
import * as monthIndexTrash from './20261207T0200-month-index-trash.js';
import * as postDays from './20261207T0300-post-days.js';
import * as searchByIndex from './20261207T0400-search-by-index.js';

import type { MigrationDialect } from './migration-dialect.js';

export interface DialectMigration {
  up(db: Kysely<any>, dialect: MigrationDialect): Promise<void>;
}

/** Each migration imports `MigrationDialect` from `./migration-dialect.js`, never from here: that would be an import cycle. */
export const migrations: Record<string, DialectMigration> = {
  '20261128T0600-initial': initial,
  '20261128T0700-accounts': accounts,
  '20261128T0800-revisions': revisions,
  '20261128T1200-import-redirects': importRedirects,
  '20261128T1300-label-gadget': labelGadget,
  '20261128T1400-comment-settings': commentSettings,
  '20261128T1410-spam-classifier': spamClassifier,
  '20261128T1500-audience': audience,
  '20261128T1600-blog-themes': blogThemes,
  '20261128T1700-blog-options': blogOptions,
  '20261128T1800-import-jobs': importJobs,
  '20261128T1960-comments-by-blog-and-id': commentsByBlogAndId,
  '20261128T1970-view-totals': viewTotals,
  '20261203T0740-jobs': jobs,
  '20261203T0750-api-tokens': apiTokens,
  '20261203T0840-subscribers': subscribers,
  '20261203T0905-texts': texts,
  '20261203T0945-post-covers': postCovers,
  '20261204T1100-webhooks': webhooks,
  '20261204T1110-oauth': oauth,
  '20261204T1200-blog-layouts': blogLayouts,
  '20261204T1300-contact-redirects-media': contactRedirectsMedia,
  '20261204T1500-scale-indexes': scaleIndexes,
  '20261204T1700-import-job-options': importJobOptions,
  '20261204T1800-newsletter': newsletter,
  '20261205T1300-private-blogs': privateBlogs,
  '20261205T2100-mail-claims': mailClaims,
  '20261205T2100-media-uploader': mediaUploader,
  '20261206T0200-dashboard-post-order': dashboardPostOrder,
  '20261206T0300-search-by-blog-live-counts': searchByBlogLiveCounts,
  '20261206T0400-post-counts': postCounts,
  '20261207T0100-gadget-counts': gadgetCounts,
  '20261207T0200-month-index-trash': monthIndexTrash,
  '20261207T0300-post-days': postDays,
  '20261207T0400-search-by-index': searchByIndex,
};
