/**
 * Keeps the daily view tables small: whole months older than the kept days are rolled up into monthly
 * rows (see view-rollup.repository.ts). Run by `dastan views rollup` and, in the server, once a day.
 * Popular posts over 7 or 30 days read only daily rows, so at least 31 days are always kept daily.
 */
import type { RollupResult, ViewRollupRepository } from '../../storage/repositories/view-rollup.repository.js';

export const DEFAULT_KEEP_DAYS = 90;
export const MIN_KEEP_DAYS = 31;
const DAY_MS = 86_400_000;

/** The first day of the month holding the day `keepDays` before `now`: days before it are rolled up. */
export function rollupCutoff(now: number, keepDays: number): string {
  return `${new Date(now - keepDays * DAY_MS).toISOString().slice(0, 7)}-01`;
}

export class ViewRollup {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly rollups: ViewRollupRepository,
    private readonly now: () => number = Date.now,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Rolls up the months before the cutoff; `keepDays` below 31 is raised to 31. */
  run(keepDays = DEFAULT_KEEP_DAYS): Promise<RollupResult> {
    return this.rollups.rollUpBefore(rollupCutoff(this.now(), Math.max(MIN_KEEP_DAYS, keepDays)));
  }

  /** Runs now and then every day until stopped. */
  start(keepDays = DEFAULT_KEEP_DAYS): void {
    const once = () => void this.run(keepDays).catch(this.onError);
    once();
    this.timer = setInterval(once, DAY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
