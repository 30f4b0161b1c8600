/**
 * "Is this browser a signed-in member of the blog?" — asked only when a view arrives with a session
 * cookie, so anonymous views never touch the database. Answers are cached per session and blog for a
 * minute (a role taken away stops excluding views within a minute).
 */
import { hashToken, isTokenShaped } from '../accounts/tokens.js';

/** The member lookup itself: does the session with this token hash belong to a member of the blog? */
export type MemberLookup = (sessionId: string, blogId: string, now: number) => Promise<boolean>;

const CACHE_MS = 60_000;
const CACHE_SIZE = 10_000;

export class MemberViews {
  private readonly cache = new Map<string, { member: boolean; until: number }>();

  constructor(
    private readonly lookup: MemberLookup,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when `sessionToken` (the cookie's value) is a live session of a member of the blog. */
  async isMember(sessionToken: string, blogId: string): Promise<boolean> {
    if (!isTokenShaped(sessionToken)) return false;
    const now = this.now();
    const sessionId = hashToken(sessionToken);
    const key = `${sessionId}|${blogId}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.member;
    const member = await this.lookup(sessionId, blogId, now);
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { member, until: now + CACHE_MS });
    return member;
  }
}
