/** Dates in a blog's time zone and language. */

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** Calendar year and month (1–12) of `ms` in `timeZone`. */
export function yearMonthIn(ms: number, timeZone: string): { year: number; month: number } {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' });
    partsFormatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(ms));
  return {
    year: Number(parts.find((p) => p.type === 'year')!.value),
    month: Number(parts.find((p) => p.type === 'month')!.value),
  };
}

/** True when `timeZone` is an IANA time zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** True when `language` is a well-formed BCP 47 tag. */
export function isLanguageTag(language: string): boolean {
  try {
    return Intl.getCanonicalLocales(language).length === 1 && language.length <= 35;
  } catch {
    return false;
  }
}

const DAY_MS = 86_400_000;
/** The last day utcDay worked out: every counted page view asks, and nearly always for today. */
let lastDay = { from: 0, to: 0, day: '' };

/** UTC day `YYYY-MM-DD` of `ms`. */
export function utcDay(ms: number): string {
  if (ms >= lastDay.from && ms < lastDay.to) return lastDay.day;
  const from = Math.floor(ms / DAY_MS) * DAY_MS;
  const day = new Date(ms).toISOString().slice(0, 10);
  if (Number.isFinite(from)) lastDay = { from, to: from + DAY_MS, day };
  return day;
}
