/**
 * Secret tokens for cookies and links: 32 random bytes, base64url. Only their SHA-256 is stored, so
 * the database alone never holds a usable session or link.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface IssuedToken {
  /** What the browser or link carries. */
  token: string;
  /** What the database keeps. */
  id: string;
}

export function issueToken(): IssuedToken {
  const token = randomBytes(32).toString('base64url');
  return { token, id: hashToken(token) };
}

/** The stored ID of a token; any string (even a forged one) hashes, so lookups need no other check. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** True for a string shaped like an issued token (43 base64url characters). */
export function isTokenShaped(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
