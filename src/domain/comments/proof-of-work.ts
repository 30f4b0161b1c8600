/**
 * The proof of work asked of suspicious comment writers: ALTCHA challenges (altcha-lib), signed with a
 * key derived from SECRET_KEY, valid 10 minutes, and good for one comment only (a solved challenge is
 * spent by storing its signature's hash). Nothing leaves the server: no outside service is asked.
 */
import { createChallenge, randomInt, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { SpentTokenRepository } from '../../storage/repositories/spent-token.repository.js';
import { spentTokenId } from './signed-tokens.js';

const VALID_MS = 10 * 60 * 1000;

export interface ProofOfWorkOptions {
  /** PBKDF2 iterations per try. */
  cost: number;
  /** The solution is a counter in this range: the expected work is about its middle times `cost`. */
  counterRange: [number, number];
}

/** About a second of a phone's work in a browser; tests make it smaller. */
export const DEFAULT_POW: ProofOfWorkOptions = { cost: 1000, counterRange: [1000, 3000] };

export class ProofOfWork {
  constructor(
    private readonly hmacKey: string,
    private readonly spent: SpentTokenRepository,
    private readonly options: ProofOfWorkOptions = DEFAULT_POW,
  ) {}

  /** A new signed challenge for the ALTCHA widget. */
  challenge(): Promise<Challenge> {
    return createChallenge({
      algorithm: 'PBKDF2/SHA-256',
      cost: this.options.cost,
      counter: randomInt(this.options.counterRange[0], this.options.counterRange[1]),
      deriveKey,
      // altcha-lib checks expiry against the real clock, so the challenge is made by it too.
      expiresAt: Math.floor((Date.now() + VALID_MS) / 1000),
      hmacSignatureSecret: this.hmacKey,
      hmacKeySignatureSecret: `${this.hmacKey}:key`,
    });
  }

  /**
   * True when `payload` (the widget's base64 JSON of challenge and solution) solves a challenge this
   * server made, not yet expired and not used before; it is then spent.
   */
  async verify(payload: string): Promise<boolean> {
    if (payload.length > 10_000) return false;
    let decoded: Payload;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as Payload;
    } catch {
      return false;
    }
    if (typeof decoded !== 'object' || decoded === null || !decoded.challenge?.parameters || !decoded.solution) return false;
    const signature = decoded.challenge.signature;
    if (typeof signature !== 'string') return false;
    let result;
    try {
      result = await verifySolution({
        challenge: decoded.challenge,
        solution: decoded.solution,
        deriveKey,
        hmacSignatureSecret: this.hmacKey,
        hmacKeySignatureSecret: `${this.hmacKey}:key`,
      });
    } catch {
      return false;
    }
    if (!result.verified) return false;
    const expiresAt = (decoded.challenge.parameters.expiresAt ?? 0) * 1000;
    if (expiresAt < Date.now()) return false;
    return this.spent.spend(spentTokenId(signature), expiresAt, Date.now());
  }
}
