/**
 * The per-install send rate (MAIL_RATE): every message to a subscriber waits for its slot on the mail
 * clock, a row in the database that all app processes share, so the install as a whole never sends
 * faster than the rate, however many processes run. Slots are spaced evenly (no bursts).
 */
import type { MailClockRepository } from '../../storage/repositories/mail-clock.repository.js';
import type { MailTransport, RichMail } from './mail-transport.js';

export interface MailRate {
  /** Messages… */
  count: number;
  /** …per this many milliseconds. */
  perMs: number;
}

const UNITS: Record<string, number> = { second: 1000, minute: 60_000, hour: 3_600_000 };

/** Reads `600/minute`, `10/second`, `5000/hour` or a bare number (per minute); 0 means no limit. Undefined when malformed. */
export function parseMailRate(text: string): MailRate | null | undefined {
  const match = /^\s*(\d+)\s*(?:\/\s*(second|minute|hour)s?)?\s*$/i.exec(text);
  if (!match) return undefined;
  const count = Number(match[1]);
  if (count === 0) return null;
  return { count, perMs: UNITS[(match[2] ?? 'minute').toLowerCase()]! };
}

/** The milliseconds between two messages at this rate. */
export const intervalOf = (rate: MailRate): number => rate.perMs / rate.count;

const CLOCK = 'smtp';

/** A transport that sends each message at its slot on the shared mail clock. */
export class RateLimitedTransport implements MailTransport {
  readonly delivers: boolean;
  private readonly intervalMs: number;

  constructor(
    private readonly inner: MailTransport,
    private readonly clock: MailClockRepository,
    rate: MailRate,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.delivers = inner.delivers;
    this.intervalMs = intervalOf(rate);
  }

  async send(mail: RichMail): Promise<void> {
    const slot = await this.clock.take(CLOCK, this.now(), this.intervalMs);
    const wait = slot - this.now();
    if (wait > 0) await this.sleep(wait);
    await this.inner.send(mail);
  }
}
