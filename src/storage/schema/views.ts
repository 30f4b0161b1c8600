/**
 * The tables of reader view counts (part of the schema in ../schema.ts): per post per day and month,
 * ranked totals, per blog per hour and minute, referrers and devices, and the flush batches.
 */
export interface PostViewsDailyTable {
  blog_id: string;
  post_id: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  views: number;
}

export interface PostViewsMonthlyTable {
  blog_id: string;
  post_id: string;
  /** UTC month, `YYYY-MM`: daily rows rolled up. */
  month: string;
  views: number;
}

/**
 * A post's views, kept ready for ranking: all time, and over the 7 and 30 days ending on its blog's
 * window day (`blog_view_windows`).
 */
export interface PostViewTotalsTable {
  post_id: string;
  blog_id: string;
  views: number;
  views_7d: number;
  views_30d: number;
}

/** The day (`YYYY-MM-DD`) a blog's 7- and 30-day totals end on. */
export interface BlogViewWindowsTable {
  blog_id: string;
  day: string;
}

/** A blog's views per UTC hour (`YYYY-MM-DDTHH`) or minute (`YYYY-MM-DDTHH:MM`), kept for a limited time. */
export interface BlogViewsPeriodTable {
  blog_id: string;
  period: string;
  views: number;
}

export type ViewFacetKind = 'referrer' | 'device';

/** Views by referrer host or device class per day (`YYYY-MM-DD`) or, rolled up, per month (`YYYY-MM`). */
export interface ViewFacetsTable {
  blog_id: string;
  period: string;
  kind: ViewFacetKind;
  value: string;
  views: number;
}

export interface ViewFlushBatchesTable {
  id: string;
  flushed_at: number;
}
