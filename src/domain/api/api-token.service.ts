/**
 * Personal API tokens ("app passwords"). A member makes one, names it, and gives it a level per blog
 * (read, write or admin); the token is shown once and only its SHA-256 is kept. A token never reaches
 * further than its scope, and never further than its user's role on the blog at the time of the request.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { newId } from '../../storage/ids.js';
import type { ApiTokenRow } from '../../storage/schema.js';
import type { ApiTokenRepository } from '../../storage/repositories/api-token.repository.js';

export type ApiLevel = 'read' | 'write' | 'admin';
export interface ApiScope {
  /** A blog ID, or `*` for every blog the user is a member of. */
  blog: string;
  level: ApiLevel;
}

/** What a request made with a valid token may do. */
export interface ApiGrant {
  tokenId: string;
  userId: string;
  scopes: ApiScope[];
}

const LEVEL_RANK: Record<ApiLevel, number> = { read: 1, write: 2, admin: 3 };
const TOKEN_PREFIX = 'dst_';
/** Tokens are used often; their "last used" time is written at most this often. */
const LAST_USED_EVERY_MS = 60_000;
const MAX_NAME = 100;

const scopesSchema = z
  .array(z.object({ blog: z.string().min(1).max(40), level: z.enum(['read', 'write', 'admin']) }))
  .min(1)
  .max(100);

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** True when `grant` gives at least `level` on the blog. */
export function grantAllows(grant: ApiGrant, blogId: string, level: ApiLevel): boolean {
  return grant.scopes.some((s) => (s.blog === '*' || s.blog === blogId) && LEVEL_RANK[s.level] >= LEVEL_RANK[level]);
}

export class ApiTokenService {
  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Makes a token; returns its row and the token itself, which is never shown again. */
  async create(userId: string, name: string, scopes: ApiScope[], expiresInDays?: number): Promise<{ row: ApiTokenRow; token: string }> {
    const cleanName = name.trim();
    if (cleanName === '' || cleanName.length > MAX_NAME)
      throw new InvalidInputError(`Give the token a name of 1 to ${MAX_NAME} characters.`);
    const parsed = scopesSchema.safeParse(scopes);
    if (!parsed.success) throw new InvalidInputError('Choose at least one blog and a level (read, write or admin) for the token.');
    if (expiresInDays !== undefined && (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 3650)) {
      throw new InvalidInputError('A token expires after 1 to 3,650 days, or never.');
    }
    const now = this.clock();
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const row: ApiTokenRow = {
      id: newId(now),
      user_id: userId,
      name: cleanName,
      token_hash: hashApiToken(token),
      scopes: JSON.stringify(parsed.data),
      created_at: now,
      expires_at: expiresInDays === undefined ? null : now + expiresInDays * 86_400_000,
      last_used_at: null,
      revoked_at: null,
    };
    await this.tokens.insert(row);
    return { row, token };
  }

  /** The grant a bearer token carries, or undefined when it is unknown, revoked or expired. */
  async verify(token: string): Promise<ApiGrant | undefined> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
    const row = await this.tokens.findByHash(hashApiToken(token));
    const now = this.clock();
    if (!row || row.revoked_at !== null || (row.expires_at !== null && Number(row.expires_at) <= now)) return undefined;
    if (row.last_used_at === null || now - Number(row.last_used_at) > LAST_USED_EVERY_MS) await this.tokens.markUsed(row.id, now);
    return { tokenId: row.id, userId: row.user_id, scopes: JSON.parse(row.scopes) as ApiScope[] };
  }

  list(userId: string): Promise<ApiTokenRow[]> {
    return this.tokens.listOfUser(userId);
  }

  async revoke(userId: string, id: string): Promise<boolean> {
    return this.tokens.revoke(userId, id, this.clock());
  }
}
