/**
 * Ghost JSON exports, from 0.x (`markdown`, integer IDs, times in milliseconds) through 2.x
 * (`mobiledoc`, usually with `html`) to 4 and 5 (`lexical`, `html`, `type: page`). The body is the
 * export's HTML when it has one; a 0.x post's Markdown is rendered (markdown-it, by the post service);
 * a post with neither is imported as a draft with an empty body, and a warning. Members-only posts
 * come in as drafts, so nothing paid for is published by accident.
 */
import { parseDate } from './common.js';
import type { ImportedPost, ImportItem, ParserInput } from './import-model.js';

type Row = Record<string, any>;

function rows(data: Row, table: string): Row[] {
  return Array.isArray(data[table]) ? (data[table] as Row[]) : [];
}

/** The major version of the export (0 for Ghost's early three-digit versions like "003"). */
function majorVersion(meta: Row): number {
  const version = String(meta?.version ?? '');
  if (/^0\d+$/.test(version)) return 0;
  const major = parseInt(version, 10);
  return Number.isNaN(major) ? 0 : major;
}

/** The Markdown of a mobiledoc made of Markdown cards (what Ghost 1.x and 2.x kept for older posts). */
function mobiledocMarkdown(mobiledoc: unknown): string | undefined {
  if (typeof mobiledoc !== 'string' || !mobiledoc) return undefined;
  try {
    const doc = JSON.parse(mobiledoc) as { cards?: [string, Record<string, unknown>][] };
    const parts = (doc.cards ?? [])
      .filter(([name]) => name === 'markdown' || name === 'card-markdown')
      .map(([, payload]) => (typeof payload.markdown === 'string' ? payload.markdown : ''));
    return parts.length > 0 ? parts.join('\n\n') : undefined;
  } catch {
    return undefined;
  }
}

/** Date parts of `ms` in a time zone, for Ghost's dated permalinks. */
function dateParts(ms: number, timeZone: string): { year: string; month: string; day: string } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms);
  } catch {
    parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** Parses a Ghost export. */
export async function* parseGhost({ document }: ParserInput): AsyncGenerator<ImportItem> {
  const root = document as Row;
  const db = (Array.isArray(root.db) ? root.db[0] : root) as Row;
  const data = db.data as Row;
  const major = majorVersion(db.meta as Row);

  const settings = new Map<string, unknown>(rows(data, 'settings').map((s) => [String(s.key), s.value]));
  const users = new Map(rows(data, 'users').map((u) => [String(u.id), u]));
  const tags = new Map(rows(data, 'tags').map((t) => [String(t.id), t]));
  const tagsOfPost = new Map<string, { tagId: string; order: number }[]>();
  for (const pt of rows(data, 'posts_tags')) {
    const list = tagsOfPost.get(String(pt.post_id)) ?? [];
    list.push({ tagId: String(pt.tag_id), order: Number(pt.sort_order ?? list.length) });
    tagsOfPost.set(String(pt.post_id), list);
  }
  const primaryAuthor = new Map<string, string>();
  for (const pa of [...rows(data, 'posts_authors')].sort((a, b) => Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0))) {
    if (!primaryAuthor.has(String(pa.post_id))) primaryAuthor.set(String(pa.post_id), String(pa.author_id));
  }
  const permalinks = typeof settings.get('permalinks') === 'string' ? String(settings.get('permalinks')) : '/:slug/';
  const timeZone = typeof settings.get('active_timezone') === 'string' ? String(settings.get('active_timezone')) : 'UTC';
  const usedTags = new Map<string, string>();
  const skippedTags = new Set<string>();
  let imported = 0;

  for (const post of rows(data, 'posts')) {
    const id = String(post.id ?? '');
    const title = String(post.title ?? '');
    const entry = `"${title || '(untitled)'}"`;
    if (!id) {
      yield { type: 'skip', reason: 'a Ghost post without an id', entry };
      continue;
    }
    const kind = post.type === 'page' || post.page === 1 || post.page === true ? 'page' : 'post';
    const ghostStatus = String(post.status ?? 'draft');
    let status: ImportedPost['status'] = ghostStatus === 'published' ? 'live' : ghostStatus === 'scheduled' ? 'scheduled' : 'draft';
    const warnings: ImportItem[] = [];
    if (ghostStatus === 'sent')
      warnings.push({ type: 'warning', message: `${entry} was only sent as an email; it is imported as a draft` });
    const visibility = String(post.visibility ?? 'public');
    if (visibility !== 'public' && status !== 'draft') {
      status = 'draft';
      warnings.push({ type: 'warning', message: `${entry} is for ${visibility} members only on Ghost; it is imported as a draft` });
    }

    let body = '';
    let format: ImportedPost['format'] = 'html';
    const markdown = typeof post.markdown === 'string' && post.markdown ? post.markdown : mobiledocMarkdown(post.mobiledoc);
    if (major === 0 && markdown) {
      body = markdown;
      format = 'markdown';
    } else if (typeof post.html === 'string' && post.html.trim()) {
      body = post.html;
    } else if (markdown) {
      body = markdown;
      format = 'markdown';
    } else {
      const source = post.lexical ? 'lexical' : post.mobiledoc ? 'mobiledoc' : 'any';
      warnings.push({
        type: 'warning',
        message: `${entry} has no html (only ${source} content, which Dastan cannot read); it is imported as a draft with an empty body`,
      });
      status = 'draft';
    }

    const labels: string[] = [];
    for (const { tagId } of [...(tagsOfPost.get(id) ?? [])].sort((a, b) => a.order - b.order)) {
      const tag = tags.get(tagId);
      if (!tag) continue;
      const name = String(tag.name ?? '');
      // Ghost's internal tags (`#hash` tags) organise themes; readers never see them.
      if (name.startsWith('#') || tag.visibility === 'internal') {
        if (!skippedTags.has(name))
          warnings.push({ type: 'warning', message: `the internal Ghost tag "${name}" is not imported as a label` });
        skippedTags.add(name);
        continue;
      }
      labels.push(name);
      if (tag.slug) usedTags.set(String(tag.slug), name);
    }

    const slug = String(post.slug ?? '');
    const publishedAt = parseDate(post.published_at) ?? (status === 'draft' ? undefined : parseDate(post.created_at));
    const oldAddresses = slug ? [{ from: `/${slug}/` }] : [];
    if (slug && kind === 'post' && publishedAt !== undefined && permalinks !== '/:slug/') {
      const { year, month, day } = dateParts(publishedAt, timeZone);
      const dated = permalinks
        .replace(':year', year)
        .replace(':month', month)
        .replace(':day', day)
        .replace(':slug', slug)
        .replace(':id', id);
      if (!dated.includes(':')) oldAddresses.push({ from: dated });
    }
    const author = users.get(primaryAuthor.get(id) ?? String(post.author_id ?? ''));
    yield* warnings;
    yield {
      type: 'post',
      sourceId: `ghost:post:${id}`,
      kind,
      status,
      title,
      body,
      format,
      publishedAt,
      updatedAt: parseDate(post.updated_at),
      labels,
      permalink: slug ? { slug } : undefined,
      author: author
        ? { name: String(author.name ?? author.slug ?? ''), email: author.email ? String(author.email) : undefined }
        : undefined,
      searchDescription: String(post.meta_description ?? post.custom_excerpt ?? '').trim() || undefined,
      oldAddresses,
    };
    imported++;
  }

  // Ghost 5's member comments, when the export has them.
  const members = new Map(rows(data, 'members').map((m) => [String(m.id), m]));
  for (const comment of rows(data, 'comments')) {
    const id = String(comment.id ?? '');
    const state = String(comment.status ?? 'published');
    if (state === 'deleted') {
      yield { type: 'skip', reason: 'a deleted Ghost comment', entry: `comment ${id}` };
      continue;
    }
    const member = members.get(String(comment.member_id ?? ''));
    yield {
      type: 'comment',
      sourceId: `ghost:comment:${id}`,
      replyTo: `ghost:post:${String(comment.post_id ?? '')}`,
      parentSourceId: comment.parent_id ? `ghost:comment:${String(comment.parent_id)}` : undefined,
      status: state === 'published' ? 'live' : 'pending',
      authorName: String(member?.name ?? ''),
      authorEmail: member?.email ? String(member.email) : undefined,
      body: String(comment.html ?? ''),
      createdAt: parseDate(comment.created_at),
    };
  }

  for (const [slug, name] of usedTags) {
    yield { type: 'redirect', from: `/tag/${slug}/`, to: { label: name } };
    yield { type: 'redirect', from: `/tag/${slug}/rss/`, to: { label: name, feed: true } };
  }
  if (imported > 0) yield { type: 'redirect', from: '/rss/', to: { feed: 'posts' } };
  const text = (key: string) => (typeof settings.get(key) === 'string' ? String(settings.get(key)) : undefined);
  yield { type: 'settings', title: text('title'), description: text('description') };
}
