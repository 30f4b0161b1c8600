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

/** What `begin` counted: each key's count with this attempt, and the locks it took. */
export interface SignInAttempt {
  keys: { key: string; count: number; locked: boolean }[];
}

export class SignInThrottle {
  constructor(
    private readonly store: ThrottleRepository,
    private readonly now: () => number = Date.now,
  ) {}

  private keys(email: string, address: string) {
    return [
      { key: `account:${email.trim().toLowerCase()}`, free: FREE_ACCOUNT_FAILURES, what: 'this account' },
      { key: `address:${address}`, free: FREE_ADDRESS_FAILURES, what: 'your address' },
    ];
  }

  private refuse(what: string, wait: number): TooManyRequestsError {
    return new TooManyRequestsError(
      `Too many failed sign-ins for ${what}. Please wait ${waitText(wait)} and try again, or reset your password.`,
      Math.ceil(wait / 1000),
    );
  }

  /** Throws TooManyRequestsError when the account or the address is locked now. */
  async check(email: string, address: string): Promise<void> {
    const keys = this.keys(email, address);
    const now = this.now();
    for (const record of await this.store.find(keys.map((k) => k.key))) {
      if (record.lockedUntil > now) throw this.refuse(keys.find((k) => k.key === record.key)!.what, record.lockedUntil - now);
    }
  }

  /**
   * Counts an attempt before its password is checked, so parallel attempts cannot all pass a check made
   * before any of them failed. The attempt that would lock a key if it failed takes the lock first, in
   * one conditional statement: any other attempt racing it is refused while it runs. So no more
   * passwords are checked at once than one after another (FREE_ACCOUNT_FAILURES, then one per lock).
   */
  async begin(email: string, address: string): Promise<SignInAttempt> {
    await this.check(email, address);
    const now = this.now();
    const attempt: SignInAttempt = { keys: [] };
    for (const { key, free, what } of this.keys(email, address)) {
      const count = await this.store.addFailure(key, now);
      const wait = lockDuration(count, free);
      const locked = wait > 0 && (await this.store.lockIfFree(key, now, now + wait));
      if (wait > 0 && !locked) {
        await this.undo(attempt);
        await this.store.forgiveOne(key);
        const [record] = await this.store.find([key]);
        throw this.refuse(what, Math.max((record?.lockedUntil ?? 0) - now, 1000));
      }
      attempt.keys.push({ key, count, locked });
    }
    return attempt;
  }

  /** A wrong password: the attempt stays counted, and any lock it took stays. */
  async fail(_attempt: SignInAttempt): Promise<void> {}

  /** A successful sign-in: the account starts again with its free tries; the address forgets this attempt. */
  async succeed(attempt: SignInAttempt): Promise<void> {
    const [account, ...others] = attempt.keys;
    if (account) await this.store.clear(account.key);
    await this.undo({ keys: others });
  }

  private async undo(attempt: SignInAttempt): Promise<void> {
    for (const { key, locked } of attempt.keys) {
      await this.store.forgiveOne(key);
      if (locked) await this.store.lock(key, 0);
    }
  }
}
