/**
 * The "a person filled this in" check every reader form shares (comments, follow by e-mail, the contact
 * form): the form carries a signed stamp of when it was served, and is refused when it came back within
 * a few seconds (robots fill forms at once), after it expired, or from another blog's or post's page.
 */
import { InvalidInputError } from '../errors.js';
import type { SignedTokens } from './signed-tokens.js';

/** A form must be open at least this long before it is sent: people read, then type. */
export const MIN_SECONDS_TO_SUBMIT = 3;

/**
 * Refuses `stamp` unless it is a form stamp that `belongs` (to this page), at least
 * MIN_SECONDS_TO_SUBMIT old and younger than `maxAgeMs`. `from` names the page in the message.
 */
export function checkFormPace(
  tokens: SignedTokens,
  now: number,
  stamp: string,
  belongs: (payload: Record<string, unknown>) => boolean,
  maxAgeMs: number,
  from = 'this page',
): void {
  const payload = tokens.verify('form', stamp);
  const issued = typeof payload?.t === 'number' ? payload.t : NaN;
  if (!payload || !belongs(payload) || Number.isNaN(issued))
    throw new InvalidInputError(`This form did not come from ${from}. Please reload the page and try again.`, 'stamp');
  const age = now - issued;
  if (age < MIN_SECONDS_TO_SUBMIT * 1000)
    throw new InvalidInputError('That was quicker than anyone can type. Please wait a moment and send it again.', 'stamp');
  if (age > maxAgeMs) throw new InvalidInputError('This form has expired. Please reload the page and try again.', 'stamp');
}

/**
 * The last stamp made for each form key, by the second. A stamp says only "this form was served at t",
 * so every page rendered within one second may carry the same one: one signature a second, not a page.
 */
export class SecondStamps {
  private readonly kept = new Map<string, { second: number; stamp: string }>();

  /** The stamp for `key` issued this second, signing a new one with `sign` when there is none yet. */
  get(key: string, now: number, sign: () => string): string {
    const second = Math.floor(now / 1000);
    const kept = this.kept.get(key);
    if (kept?.second === second) return kept.stamp;
    const stamp = sign();
    if (this.kept.size >= 10_000) this.kept.clear();
    this.kept.set(key, { second, stamp });
    return stamp;
  }
}
