/**
 * The follow form's bot screens beyond the honeypot and the time to submit (form-pace.ts), the comment
 * form's own pieces: the ALTCHA proof of work its script solves (proof-of-work.ts), and rate limits kept
 * in the shared throttle table (every app process sees the same counts):
 *
 * - a form sent by the page's script (`js=1`) must carry a solved challenge: without one it is answered
 *   with a challenge and nothing is mailed; a wrong or used one is refused;
 * - a form sent without JavaScript (which cannot solve one) is let through, as a comment without
 *   JavaScript is, under a tighter limit: at most NO_PROOF_PER_ADDRESS an hour from one client address;
 * - every request counts: at most PER_ADDRESS an hour from one client address, and PER_EMAIL an hour for
 *   one e-mail address (on any blog of the install, whether it follows or not, so the answer tells nothing).
 */
import type { ThrottleRepository } from '../../storage/repositories/throttle.repository.js';
import { InvalidInputError, TooManyRequestsError } from '../errors.js';
import type { ProofOfWork } from '../comments/proof-of-work.js';

export const PER_ADDRESS = 10;
export const NO_PROOF_PER_ADDRESS = 3;
export const PER_EMAIL = 3;
const WINDOW_MS = 60 * 60_000;

export interface SubscribeScreenParts {
  proofOfWork: ProofOfWork;
  throttle: ThrottleRepository;
}

export interface SubscribeRequester {
  /** The client's address. */
  address: string;
  /** The ALTCHA payload, when the page's script solved a challenge. */
  proof: string;
  /** Sent by the page's script, which can solve a challenge. */
  canSolve: boolean;
}

/**
 * Counts one request and checks its proof of work. Returns 'challenge' when the script must solve one
 * first (nothing counted); throws a 4xx when the proof is wrong or a limit is reached.
 */
export async function screenSubscribeRequest(
  parts: SubscribeScreenParts,
  email: string,
  requester: SubscribeRequester,
  now: number,
): Promise<'ok' | 'challenge'> {
  if (!requester.proof && requester.canSolve) return 'challenge';
  const limits = [
    { key: `follow-address:${requester.address}`, limit: PER_ADDRESS, what: 'your address' },
    { key: `follow-email:${email}`, limit: PER_EMAIL, what: 'this e-mail address' },
    ...(requester.proof ? [] : [{ key: `follow-no-proof:${requester.address}`, limit: NO_PROOF_PER_ADDRESS, what: 'your address' }]),
  ];
  const records = new Map((await parts.throttle.find(limits.map((l) => l.key))).map((r) => [r.key, r]));
  for (const { key, what } of limits) {
    const record = records.get(key);
    if (record && record.lockedUntil > now) {
      const minutes = Math.ceil((record.lockedUntil - now) / 60_000);
      throw new TooManyRequestsError(
        `Too many subscribe requests from ${what}. Please wait ${minutes} minutes, and look for the confirm mail already sent.`,
        Math.ceil((record.lockedUntil - now) / 1000),
      );
    }
  }
  if (requester.proof && !(await parts.proofOfWork.verify(requester.proof)))
    throw new InvalidInputError('The browser check was not valid or was used before. Please reload the page and try again.', 'proof');
  for (const { key, limit } of limits) {
    const record = records.get(key);
    // An hour after the last request, the count starts again.
    if (record && record.updatedAt <= now - WINDOW_MS) await parts.throttle.clear(key);
    if ((await parts.throttle.addFailure(key, now)) >= limit) await parts.throttle.lock(key, now + WINDOW_MS);
  }
  return 'ok';
}
