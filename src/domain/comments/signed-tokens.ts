/**
 * Signed, self-contained tokens for the comment pipeline: a form's time stamp, one-click moderation
 * links, unsubscribe links. Each is `base64url(JSON).HMAC` under a key derived from SECRET_KEY for its
 * purpose, so a token made for one purpose is worthless for another. Also the keyed hashes that stand
 * in for addresses and e-mails in the flood check.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'form' | 'moderate' | 'unsubscribe' | 'follow-confirm' | 'follow-unsubscribe';

export class SignedTokens {
  /** Derived keys by purpose: a handful, each made once (every post page signs a form stamp). */
  private readonly keys = new Map<string, string>();

  constructor(private readonly secret: string) {}

  /** A key for one use, derived from the secret (the proof of work's HMAC key, the hashes). */
  derivedKey(purpose: string): string {
    let key = this.keys.get(purpose);
    if (key === undefined) {
      key = createHmac('sha256', this.secret).update(`dastan-comments:${purpose}`).digest('base64url');
      this.keys.set(purpose, key);
    }
    return key;
  }

  sign(purpose: TokenPurpose, payload: Record<string, string | number>): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(purpose, body)}`;
  }

  /** The payload of a token made by `sign` for `purpose`, or null for anything else. */
  verify(purpose: TokenPurpose, token: unknown): Record<string, unknown> | null {
    if (typeof token !== 'string' || token.length > 2000) return null;
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(purpose, body));
    const sent = Buffer.from(mac);
    if (expected.length !== sent.length || !timingSafeEqual(expected, sent)) return null;
    try {
      const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  /** A keyed hash of an address or an e-mail: equal inputs match, but the value cannot be read back. */
  hash(kind: 'address' | 'email', value: string): string {
    return createHmac('sha256', this.derivedKey('hash')).update(`${kind}:${value}`).digest('hex').slice(0, 32);
  }

  private mac(purpose: TokenPurpose, body: string): string {
    return createHmac('sha256', this.derivedKey(`token:${purpose}`))
      .update(body)
      .digest('base64url');
  }
}

/** The stored ID of a one-time token: its SHA-256. */
export function spentTokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
