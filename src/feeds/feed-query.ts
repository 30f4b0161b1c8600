/**
 * Blogger's feed parameters, read and checked at the edge: paging (`max-results`, `start-index`), the
 * format (`alt`), the projection (`default` or `summary`) and labels in the path (`/-/A/B`).
 * Bad values raise an InvalidInputError (a 400 naming the parameter), so no query ever reaches SQL unchecked.
 */
import { InvalidInputError } from '../domain/errors.js';

export type Query = Record<string, string | string[] | undefined>;

export type FeedFormat = 'atom' | 'rss' | 'json';

/** Blogger's two projections: `default` carries the full body, `summary` a plain-text snippet only. */
export type Projection = 'default' | 'summary';

export interface FeedPaging {
  /** `max-results`, after the cap. */
  limit: number;
  /** `start-index` − 1. */
  offset: number;
}

export const DEFAULT_MAX_RESULTS = 25;
/** Blogger never returns more entries than this in one feed document. */
export const MAX_RESULTS_CAP = 500;
/**
 * Larger numbers are refused rather than capped. Blogger widgets commonly ask for `max-results=9999` to
 * mean "all", so moderate excess is capped; a number past this is a mistake or a probe of OFFSET.
 */
export const LARGEST_ACCEPTED = 1_000_000;
const MAX_LABELS = 10;
const MAX_LABEL_LENGTH = 100;

function one(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

function wholeNumber(query: Query, name: string, fallback: number): number {
  const raw = one(query, name);
  if (raw === undefined) return fallback;
  const value = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1 && value <= LARGEST_ACCEPTED)) {
    throw new InvalidInputError(`${name} must be a whole number from 1 to ${LARGEST_ACCEPTED.toLocaleString('en')}.`, name);
  }
  return value;
}

/** `max-results` (default 25, capped at 500) and `start-index` (1-based, default 1). */
export function parsePaging(query: Query): FeedPaging {
  const limit = Math.min(wholeNumber(query, 'max-results', DEFAULT_MAX_RESULTS), MAX_RESULTS_CAP);
  const startIndex = wholeNumber(query, 'start-index', 1);
  return { limit, offset: startIndex - 1 };
}

/** Atom unless `alt=rss`; Blogger's GData JSON (`alt=json`) is not offered: JSON Feed lives at /feed.json. */
export function parseXmlFormat(query: Query): 'atom' | 'rss' {
  const alt = one(query, 'alt');
  if (alt === undefined || alt === 'atom') return 'atom';
  if (alt === 'rss') return 'rss';
  throw new InvalidInputError('alt must be atom or rss (JSON Feed is at /feed.json).', 'alt');
}

export function parseProjection(segment: string): Projection | undefined {
  return segment === 'default' || segment === 'summary' ? segment : undefined;
}

/**
 * Label names from the raw (still percent-encoded) path after `/-/`: `/-/A/B` means posts with both.
 * Split before decoding, so an encoded `%2F` stays inside its name. Undefined for a path no label has.
 */
export function parseFeedLabels(raw: string): string[] | undefined {
  try {
    const names = raw.split('/').map((part) => decodeURIComponent(part).normalize('NFC').replace(/\s+/g, ' ').trim());
    const valid = names.length <= MAX_LABELS && names.every((n) => n.length > 0 && n.length <= MAX_LABEL_LENGTH);
    return valid ? [...new Set(names)] : undefined;
  } catch {
    return undefined;
  }
}

/** The address of a page of a feed: its path with the paging and format parameters, in a fixed order. */
export function feedPageUrl(origin: string, path: string, paging: FeedPaging, format: FeedFormat): string {
  const params = new URLSearchParams();
  if (format === 'rss') params.set('alt', 'rss');
  if (paging.offset > 0) params.set('start-index', String(paging.offset + 1));
  if (paging.limit !== DEFAULT_MAX_RESULTS) params.set('max-results', String(paging.limit));
  const search = params.toString();
  return `${origin}${path}${search ? `?${search}` : ''}`;
}
