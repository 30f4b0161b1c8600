/**
 * Believable page views for the demo: daily counts over the last 60 days, shaped per post (steady,
 * fading, rising, a burst), lower at weekends, with seeded noise so every fill ranks the same way.
 */
import { dayIn } from '../domain/text/zoned-time.js';
import type { DemoViews } from './demo-types.js';
import type { DeviceClass } from '../domain/stats/reader-agent.js';
import type { ViewCountBatch } from '../storage/repositories/view.repository.js';

export const VIEW_DAYS = 60;
const DAY_MS = 86_400_000;
/** Extra readers on the first days of a burst, as multiples of the usual day. */
const BURST = [30, 14, 6, 2];

/** A small seeded generator (mulberry32): the same seed gives the same numbers on every run. */
export function seededRandom(seed: string): () => number {
  let state = 0;
  for (const ch of seed) state = (Math.imul(state, 31) + ch.codePointAt(0)!) | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shapeFactor(spec: DemoViews, daysAgo: number): number {
  const age = daysAgo / (VIEW_DAYS - 1);
  switch (spec.shape) {
    case 'steady':
      return 1;
    case 'fading':
      return 0.15 + 1.85 * age;
    case 'rising':
      return 0.3 + 1.7 * (1 - age);
    case 'burst': {
      const sinceBurst = (spec.burstDaysAgo ?? 30) - daysAgo;
      return 1 + (BURST[sinceBurst] ?? 0);
    }
  }
}

/**
 * Views of one post per day of the blog's time zone (the days its counts are kept in), from the later of
 * its publish day and 60 days ago, up to today.
 */
export function dailyViews(
  spec: DemoViews,
  publishedAt: number,
  now: number,
  seed: string,
  timeZone = 'UTC',
): { day: string; views: number }[] {
  const random = seededRandom(seed);
  const firstDay = dayIn(publishedAt, timeZone);
  const days: { day: string; views: number }[] = [];
  for (let daysAgo = VIEW_DAYS - 1; daysAgo >= 0; daysAgo--) {
    const at = now - daysAgo * DAY_MS;
    const day = dayIn(at, timeZone);
    const noise = 0.75 + random() * 0.5;
    if (day < firstDay) continue;
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6 ? 0.7 : 1;
    const views = Math.round(spec.perDay * shapeFactor(spec, daysAgo) * weekend * noise);
    if (views > 0) days.push({ day, views });
  }
  return days;
}

/** Where the demo's readers come from (the rest arrive directly), and on what. */
const REFERRERS: [string, number][] = [
  ['google.com', 0.34],
  ['duckduckgo.com', 0.1],
  ['news.ycombinator.com', 0.07],
  ['reddit.com', 0.05],
  ['mastodon.social', 0.04],
  ['bing.com', 0.03],
];
const DEVICES: [DeviceClass, number][] = [
  ['desktop', 0.55],
  ['phone', 0.38],
  ['tablet', 0.07],
];
/** More readers in the (UTC) afternoon and evening than at night. */
const HOUR_WEIGHT = [2, 1, 1, 1, 1, 2, 3, 5, 6, 7, 7, 8, 8, 8, 8, 8, 9, 9, 10, 10, 9, 7, 5, 3];
const HOUR_WEIGHTS = HOUR_WEIGHT.reduce((a, b) => a + b, 0);

/**
 * The rest of the demo's audience, shaped from its daily post views: referrer domains and device
 * classes per day, the blog's views per hour over the last day and per minute over the last hour.
 */
export function demoAudience(
  blogId: string,
  daily: readonly { day: string; views: number }[],
  now: number,
  timeZone = 'UTC',
): ViewCountBatch {
  const random = seededRandom(`${blogId}/audience`);
  const perDay = new Map<string, number>();
  for (const d of daily) perDay.set(d.day, (perDay.get(d.day) ?? 0) + d.views);
  const facets: ViewCountBatch['facets'] = [];
  for (const [day, views] of perDay) {
    for (const [value, share] of REFERRERS) {
      const n = Math.round(views * share * (0.8 + random() * 0.4));
      if (n > 0) facets.push({ blogId, period: day, kind: 'referrer', value, views: n });
    }
    for (const [value, share] of DEVICES) {
      const n = Math.round(views * share);
      if (n > 0) facets.push({ blogId, period: day, kind: 'device', value, views: n });
    }
  }
  const hours: ViewCountBatch['hours'] = [];
  const minutes: ViewCountBatch['minutes'] = [];
  const thisHour = Math.floor(now / 3_600_000) * 3_600_000;
  for (let ago = 23; ago >= 0; ago--) {
    const start = thisHour - ago * 3_600_000;
    const iso = new Date(start).toISOString();
    const dayViews = perDay.get(dayIn(start, timeZone)) ?? 0;
    const full = (dayViews * HOUR_WEIGHT[new Date(start).getUTCHours()]!) / HOUR_WEIGHTS;
    // The hour under way has only had its minutes so far.
    const views = Math.round(ago === 0 ? (full * (now - start)) / 3_600_000 : full * (0.8 + random() * 0.4));
    if (views > 0) hours.push({ blogId, period: iso.slice(0, 13), views });
  }
  for (let ago = 59; ago >= 0; ago--) {
    const at = now - ago * 60_000;
    const hourViews = (perDay.get(dayIn(at, timeZone)) ?? 0) * (HOUR_WEIGHT[new Date(at).getUTCHours()]! / HOUR_WEIGHTS);
    const views = Math.floor(hourViews / 60 + random());
    if (views > 0) minutes.push({ blogId, period: new Date(at).toISOString().slice(0, 16), views });
  }
  return { posts: [], hours, minutes, facets };
}
