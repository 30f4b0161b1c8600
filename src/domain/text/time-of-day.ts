/**
 * How a time of day is written in a language: shared by the server's dates (render/dates.ts) and the
 * editor's script ("Draft saved at 3:45 PM"), so both say it the same way.
 */

/**
 * Languages whose short time is written with a Latin "AM"/"PM" in CLDR: their times use the language's
 * own day periods ("3:00 دوپہر") instead, so no Latin word sits inside an Urdu or Bengali date.
 */
const OWN_DAY_PERIODS = new Set(['ur', 'hi', 'bn']);

/** Intl options for a short time, with the long date before it when `withDate`. */
export function timeOfDayOptions(language: string, timeZone: string, withDate: boolean): Intl.DateTimeFormatOptions {
  if (!OWN_DAY_PERIODS.has(language.toLowerCase().split(/[-_]/)[0] ?? '')) {
    return withDate ? { dateStyle: 'long', timeStyle: 'short', timeZone } : { timeStyle: 'short', timeZone };
  }
  const time: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', dayPeriod: 'short', timeZone };
  return withDate ? { ...time, year: 'numeric', month: 'long', day: 'numeric' } : time;
}
