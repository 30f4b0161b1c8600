/**
 * The API tokens page's view model: each token with its scopes named by blog, and the blogs to choose
 * from; words in the reader's language (`texts`), times in it too, in UTC (a token is the user's, not
 * one blog's, so no blog's time zone applies).
 */
import type { ApiScope } from '../../domain/api/api-token.service.js';
import type { ApiTokenRow, BlogRow, Role } from '../../storage/schema.js';
import type { Texts } from '../i18n/translate.js';
import { formatDateTime } from '../dates.js';

export function presentApiTokens(tokens: ApiTokenRow[], memberships: { blog: BlogRow; role: Role }[], now: number, texts: Texts) {
  const titles = new Map(memberships.map((m) => [m.blog.id, m.blog.title]));
  const when = (ms: number | null) => (ms === null ? null : formatDateTime(Number(ms), texts.locale, 'UTC'));
  return {
    blogs: memberships.map((m) => ({ id: m.blog.id, title: m.blog.title, name: m.blog.name, role: m.role })),
    tokens: tokens.map((t) => ({
      id: t.id,
      name: t.name,
      scopes: (JSON.parse(t.scopes) as ApiScope[]).map((s) => ({
        blog: s.blog === '*' ? texts.text('admin.nav.allBlogs') : (titles.get(s.blog) ?? texts.text('admin.apitokens.leftBlog')),
        level: s.level,
      })),
      created: when(t.created_at),
      lastUsed: when(t.last_used_at),
      expires: when(t.expires_at),
      expired: t.expires_at !== null && Number(t.expires_at) <= now,
    })),
  };
}
