/**
 * Throttles for account actions other than signing in, kept in the same table as sign-in failures
 * (so every app process sees the same counts), under their own keys:
 *
 * - password reset requests: at most 3 an hour per e-mail address and 10 per client address; more are
 *   refused with how long to wait (counted whether or not the address has an account, so the answer
 *   tells nothing about who has one);
 * - password changes: 5 wrong current passwords in a row are free, then the change is locked for 30 s,
 *   doubling with each further failure (as sign-in, see sign-in-throttle.ts); a right one clears the count.
 */
import type { ThrottleRepository } from '../../storage/repositories/throttle.repository.js';
import { TooManyRequestsError } from '../errors.js';
import { FREE_ACCOUNT_FAILURES, lockDuration } from './sign-in-throttle.js';

export const RESETS_PER_EMAIL = 3;
export const RESETS_PER_ADDRESS = 10;
export const RESET_WINDOW_MS = 60 * 60_000;

function waitText(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

export class ActionThrottle {
  constructor(
    private readonly store: ThrottleRepository,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a reset request; throws TooManyRequestsError when the e-mail or client address had its share. */
  async countResetRequest(email: string, address: string): Promise<void> {
    const now = this.now();
    const keys = [
      { key: `reset-email:${email.trim().toLowerCase()}`, limit: RESETS_PER_EMAIL, what: 'this e-mail address' },
      { key: `reset-address:${address}`, limit: RESETS_PER_ADDRESS, what: 'your address' },
    ];
    const records = new Map((await this.store.find(keys.map((k) => k.key))).map((r) => [r.key, r]));
    for (const { key, what } of keys) {
      const record = records.get(key);
      if (record && record.lockedUntil > now) {
        const wait = record.lockedUntil - now;
        throw new TooManyRequestsError(
          `Too many password reset requests for ${what}. Please wait ${waitText(wait)}, and look for the mail already sent.`,
          Math.ceil(wait / 1000),
        );
      }
    }
    for (const { key, limit } of keys) {
      const record = records.get(key);
      // An hour after the last request, the count starts again.
      if (record && record.updatedAt <= now - RESET_WINDOW_MS) await this.store.clear(key);
      const count = await this.store.addFailure(key, now);
      if (count >= limit) await this.store.lock(key, now + RESET_WINDOW_MS);
    }
  }

  private passwordKey(userId: string): string {
    return `password-change:${userId}`;
  }

  /** Throws TooManyRequestsError while the user's password change is locked after wrong current passwords. */
  async checkPasswordChange(userId: string): Promise<void> {
    const [record] = await this.store.find([this.passwordKey(userId)]);
    const now = this.now();
    if (record && record.lockedUntil > now) {
      const wait = record.lockedUntil - now;
      throw new TooManyRequestsError(
        `Too many wrong current passwords. Please wait ${waitText(wait)} and try again.`,
        Math.ceil(wait / 1000),
      );
    }
  }

  /** Counts a wrong current password, locking further changes after the free ones. */
  async failPasswordChange(userId: string): Promise<void> {
    const now = this.now();
    const failures = await this.store.addFailure(this.passwordKey(userId), now);
    const wait = lockDuration(failures, FREE_ACCOUNT_FAILURES);
    if (wait > 0) await this.store.lock(this.passwordKey(userId), now + wait);
  }

  async clearPasswordChange(userId: string): Promise<void> {
    await this.store.clear(this.passwordKey(userId));
  }
}
