/**
 * Clears what accounts leave behind: expired sessions, reset links and invitations that expired or were
 * used, and throttle counts idle for a day. Runs once at start and then every hour (started by the
 * server, like the scheduler); each run is a few DELETEs, safe to run from several processes at once.
 */
import type { SessionRepository } from '../../storage/repositories/session.repository.js';
import type { ThrottleRepository } from '../../storage/repositories/throttle.repository.js';
import type { TokenRepository } from '../../storage/repositories/token.repository.js';

/** Throttle counts untouched this long (and not locked) are forgotten. */
export const THROTTLE_IDLE_MS = 24 * 60 * 60_000;

export interface CleanupCounts {
  sessions: number;
  tokens: number;
  throttles: number;
}

export class AccountCleanup {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenRepository,
    private readonly throttle: ThrottleRepository,
    private readonly now: () => number = Date.now,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Deletes what is spent now; returns how many rows of each kind. */
  async run(): Promise<CleanupCounts> {
    const now = this.now();
    return {
      sessions: await this.sessions.deleteExpired(now),
      tokens: await this.tokens.deleteSpent(now),
      throttles: await this.throttle.deleteStale(now, now - THROTTLE_IDLE_MS),
    };
  }

  start(seconds = 3600): void {
    const tick = () => this.run().catch(this.onError);
    void tick();
    this.timer = setInterval(() => void tick(), seconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
