/**
 * Sign-in throttling, per account and per address, kept in the database so every app process sees the
 * same counts. A few failures are free; then each further failure locks the key for twice as long as
 * the last (30 s, 1 min, 2 min, … up to 15 min). A locked key is refused before any password is
 * checked, with a message that says how long to wait. A successful sign-in clears the account's count.
 */
import type { ThrottleRepository } from '../../storage/repositories/throttle.repository.js';
import { TooManyRequestsError } from '../errors.js';

/** Failures allowed before an account is locked: the 6th wrong password in a row is refused. */
export const FREE_ACCOUNT_FAILURES = 5;
/** An address may be shared (an office, a phone network), so it gets more. */
export const FREE_ADDRESS_FAILURES = 20;
const FIRST_WAIT_MS = 30_000;
const LONGEST_WAIT_MS = 15 * 60_000;

/** How long a key is locked after its `failures`-th failure (0: not locked). */
export function lockDuration(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(FIRST_WAIT_MS * 2 ** Math.min(failures - free, 20), LONGEST_WAIT_MS);
}

function waitText(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

export class SignInThrottle {
  constructor(
    private readonly store: ThrottleRepository,
    private readonly now: () => number = Date.now,
  ) {}

  private keys(email: string, address: string) {
    return { account: `account:${email.trim().toLowerCase()}`, address: `address:${address}` };
  }

  /** Throws TooManyRequestsError when the account or the address is locked now. */
  async check(email: string, address: string): Promise<void> {
    const keys = this.keys(email, address);
    const now = this.now();
    for (const record of await this.store.find([keys.account, keys.address])) {
      if (record.lockedUntil > now) {
        const wait = record.lockedUntil - now;
        const what = record.key === keys.account ? 'this account' : 'your address';
        throw new TooManyRequestsError(
          `Too many failed sign-ins for ${what}. Please wait ${waitText(wait)} and try again, or reset your password.`,
          Math.ceil(wait / 1000),
        );
      }
    }
  }

  /** Counts a failed sign-in against the account and the address, locking them when over the limit. */
  async fail(email: string, address: string): Promise<void> {
    const keys = this.keys(email, address);
    const now = this.now();
    for (const [key, free] of [
      [keys.account, FREE_ACCOUNT_FAILURES],
      [keys.address, FREE_ADDRESS_FAILURES],
    ] as const) {
      const failures = await this.store.addFailure(key, now);
      const wait = lockDuration(failures, free);
      if (wait > 0) await this.store.lock(key, now + wait);
    }
  }

  /** A successful sign-in: the account starts again with its free tries. */
  async succeed(email: string): Promise<void> {
    await this.store.clear(this.keys(email, '').account);
  }
}
