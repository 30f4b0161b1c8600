/**
 * Server-side sessions. The browser holds a random token; the database holds its hash, the user and
 * the user's rights version at the time. A session is replaced by a new one on sign-in and whenever
 * the user's rights change, and ends on sign-out, "sign out everywhere" and a password change.
 */
import type { SessionRepository } from '../../storage/repositories/session.repository.js';
import type { UserRow } from '../../storage/schema.js';
import { hashToken, isTokenShaped, issueToken } from './tokens.js';

export const SESSION_DAYS = 30;
const SESSION_MS = SESSION_DAYS * 24 * 60 * 60 * 1000;

export interface ActiveSession {
  user: UserRow;
  /** The session's stored ID (the token's hash): CSRF tokens are bound to it. */
  sessionId: string;
  /** Set when the session was rotated while resuming: the browser must get this new token. */
  newToken?: string;
}

export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a session for the user; an old session of this browser (its token) ends at the same moment. */
  async start(user: UserRow, replacingToken?: string): Promise<{ token: string; sessionId: string }> {
    const issued = issueToken();
    const now = this.now();
    const row = { id: issued.id, user_id: user.id, rights_version: user.rights_version, created_at: now, expires_at: now + SESSION_MS };
    if (replacingToken) await this.sessions.replace(hashToken(replacingToken), row);
    else await this.sessions.insert(row);
    return { token: issued.token, sessionId: issued.id };
  }

  /** The session a cookie's token names, rotated if the user's rights changed since; undefined if none. */
  async resume(token: string | undefined): Promise<ActiveSession | undefined> {
    if (!token || !isTokenShaped(token)) return undefined;
    const found = await this.sessions.findValid(hashToken(token), this.now());
    if (!found) return undefined;
    if (found.session.rights_version !== found.user.rights_version) {
      const fresh = await this.start(found.user, token);
      return { user: found.user, sessionId: fresh.sessionId, newToken: fresh.token };
    }
    return { user: found.user, sessionId: found.session.id };
  }

  /** Ends this browser's session. */
  async end(token: string | undefined): Promise<void> {
    if (token && isTokenShaped(token)) await this.sessions.delete(hashToken(token));
  }

  /** Ends every session of the user. */
  async endAll(userId: string): Promise<void> {
    await this.sessions.deleteForUser(userId);
  }
}
