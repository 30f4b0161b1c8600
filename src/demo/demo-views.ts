/**
 * Believable page views for the demo: daily counts over the last 60 days, shaped per post (steady,
 * fading, rising, a burst), lower at weekends, with seeded noise so every fill ranks the same way.
 */
import { utcDay } from '../domain/text/time.js';
import type { DemoViews } from './demo-content.js';

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

/** Views of one post per UTC day, from the later of its publish day and 60 days ago, up to today. */
export function dailyViews(spec: DemoViews, publishedAt: number, now: number, seed: string): { day: string; views: number }[] {
  const random = seededRandom(seed);
  const firstDay = utcDay(publishedAt);
  const days: { day: string; views: number }[] = [];
  for (let daysAgo = VIEW_DAYS - 1; daysAgo >= 0; daysAgo--) {
    const at = now - daysAgo * DAY_MS;
    const day = utcDay(at);
    const noise = 0.75 + random() * 0.5;
    if (day < firstDay) continue;
    const weekday = new Date(at).getUTCDay();
    const weekend = weekday === 0 || weekday === 6 ? 0.7 : 1;
    const views = Math.round(spec.perDay * shapeFactor(spec, daysAgo) * weekend * noise);
    if (views > 0) days.push({ day, views });
  }
  return days;
}
