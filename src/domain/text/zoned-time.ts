/**
 * Wall-clock times in a blog's time zone, as a `datetime-local` form field shows them
 * (`YYYY-MM-DDTHH:MM`), to and from milliseconds since the epoch.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(ms: number, timeZone: string): Record<string, number> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The zone's offset from UTC at `ms`, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const p = partsIn(ms, timeZone);
  return Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** `2026-11-20T14:30` in `timeZone` as milliseconds; undefined when the text is not such a time. */
export function zonedInputToMs(value: string, timeZone: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 || year < 1970 || year > 9999)
    return undefined;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Two passes settle the offset across a daylight-saving change.
  let ms = asUtc - offsetAt(asUtc, timeZone);
  ms = asUtc - offsetAt(ms, timeZone);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Milliseconds as `YYYY-MM-DDTHH:MM` in `timeZone`, for a `datetime-local` field. */
export function msToZonedInput(ms: number, timeZone: string): string {
  const p = partsIn(ms, timeZone);
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `${String(p.year).padStart(4, '0')}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** Every zone's offset is a whole number of quarter hours, so its date changes only on a quarter hour. */
const QUARTER_MS = 15 * 60_000;
/** Per zone, the last quarter hour asked about and its date: counted views ask this for nearly every view. */
const lastDays = new Map<string, { quarter: number; day: string }>();

/** The date `YYYY-MM-DD` at `ms` in `timeZone` (UTC when the zone is unknown to this runtime). */
export function dayIn(ms: number, timeZone: string): string {
  const quarter = Math.floor(ms / QUARTER_MS);
  const last = lastDays.get(timeZone);
  if (last?.quarter === quarter) return last.day;
  let day: string;
  try {
    day = msToZonedInput(ms, timeZone).slice(0, 10);
  } catch {
    day = new Date(ms).toISOString().slice(0, 10);
  }
  if (lastDays.size > 1000) lastDays.clear();
  lastDays.set(timeZone, { quarter, day });
  return day;
}

/** The date `n` days after `day` (`YYYY-MM-DD`; `n` may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
