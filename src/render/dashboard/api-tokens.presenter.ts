/** The API tokens page's view model: each token with its scopes named by blog, and the blogs to choose from. */
import type { ApiScope } from '../../domain/api/api-token.service.js';
import type { ApiTokenRow, BlogRow, Role } from '../../storage/schema.js';

const when = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString().slice(0, 16).replace('T', ' ') + ' UTC');

export function presentApiTokens(tokens: ApiTokenRow[], memberships: { blog: BlogRow; role: Role }[], now: number) {
  const titles = new Map(memberships.map((m) => [m.blog.id, m.blog.title]));
  return {
    blogs: memberships.map((m) => ({ id: m.blog.id, title: m.blog.title, name: m.blog.name, role: m.role })),
    tokens: tokens.map((t) => ({
      id: t.id,
      name: t.name,
      scopes: (JSON.parse(t.scopes) as ApiScope[]).map((s) => ({
        blog: s.blog === '*' ? 'All your blogs' : (titles.get(s.blog) ?? 'A blog you left'),
        level: s.level,
      })),
      created: when(t.created_at),
      lastUsed: when(t.last_used_at),
      expires: when(t.expires_at),
      expired: t.expires_at !== null && Number(t.expires_at) <= now,
    })),
  };
}
