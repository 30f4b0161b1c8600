/**
 * What one counted view adds to, as flat keys — the same in process memory and in a Redis hash, so the
 * two stores share one format and one writer:
 *
 *   p|BLOG|POST|YYYY-MM-DD     the post's views that day
 *   h|BLOG|YYYY-MM-DDTHH       the blog's views that UTC hour
 *   m|BLOG|YYYY-MM-DDTHH:MM    the blog's views that UTC minute
 *   r|BLOG|YYYY-MM-DD|HOST     views that day from a referrer domain
 *   d|BLOG|YYYY-MM-DD|CLASS    views that day from a device class
 *
 * Days are the blog's: they begin at midnight in its time zone, so its charts, popular-posts windows
 * and rollups follow its own calendar. Hours and minutes are UTC (a zone's hours are labelled when
 * shown). IDs are digits, hosts `[a-z0-9.-]`: none holds a `|`.
 */
import type { ViewCountBatch } from '../../storage/repositories/view.repository.js';
import { dayIn } from '../text/zoned-time.js';
import type { DeviceClass } from './reader-agent.js';

export interface CountedView {
  blogId: string;
  postId: string;
  /** When, in ms since the epoch. */
  at: number;
  /** The external referrer's normalized domain, or null. */
  referrer: string | null;
  /** Null when unknown (views recorded without a request). */
  device: DeviceClass | null;
  /** The blog's IANA time zone, which its days follow (UTC when not given). */
  timeZone?: string;
}

/** The UTC minute last asked about: nearly every view falls in the same one as the view before it. */
let lastMinute = { minute: NaN, iso: '' };

/** The keys one view adds 1 to. */
export function countKeys(view: CountedView): string[] {
  const minute = Math.floor(view.at / 60_000);
  if (minute !== lastMinute.minute) lastMinute = { minute, iso: new Date(minute * 60_000).toISOString() };
  const iso = lastMinute.iso;
  const day = view.timeZone && view.timeZone !== 'UTC' ? dayIn(view.at, view.timeZone) : iso.slice(0, 10);
  const keys = [`p|${view.blogId}|${view.postId}|${day}`, `h|${view.blogId}|${iso.slice(0, 13)}`, `m|${view.blogId}|${iso.slice(0, 16)}`];
  if (view.referrer) keys.push(`r|${view.blogId}|${day}|${view.referrer}`);
  if (view.device) keys.push(`d|${view.blogId}|${day}|${view.device}`);
  return keys;
}

/** Turns counted keys back into rows for the database; keys it cannot read are skipped. */
export function batchOf(counts: Iterable<[string, number]>): ViewCountBatch {
  const batch: ViewCountBatch = { posts: [], hours: [], minutes: [], facets: [] };
  for (const [key, views] of counts) {
    if (!(views > 0)) continue;
    const [kind, blogId, a, b, c] = key.split('|');
    if (!blogId || !a) continue;
    if (kind === 'p' && b) batch.posts.push({ blogId, postId: a, day: b, views });
    else if (kind === 'h') batch.hours.push({ blogId, period: a, views });
    else if (kind === 'm') batch.minutes.push({ blogId, period: a, views });
    else if ((kind === 'r' || kind === 'd') && b && c === undefined)
      batch.facets.push({ blogId, period: a, kind: kind === 'r' ? 'referrer' : 'device', value: b, views });
  }
  return batch;
}
