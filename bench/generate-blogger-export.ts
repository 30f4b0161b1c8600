/**
 * Writes a Blogger backup (the classic Atom format) of a made-up blog, as large as asked: by default
 * 10,000 posts and 50,000 comments, a third of them replies to other comments (Blogger's `related`
 * link), spread over 15 years, with labels, drafts and pages. The same arguments always give the
 * same file. Streams as it writes: it never holds the blog in memory.
 *
 *   npx tsx bench/generate-blogger-export.ts [--posts 10000] [--comments 50000] [--out FILE]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';

const BLOG = '7000000000000000001';
const WORDS = (
  'the of and to in is was for on that with as by at from his her an are were which this be had not or ' +
  'river mountain city morning letter garden winter journey market station harbour bridge window light ' +
  'story paper music kitchen festival village school evening summer forest island museum road tea bread'
).split(' ');
const LABELS = Array.from({ length: 60 }, (_, i) => `Label ${i + 1}`);

/** A small deterministic random generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface GenerateOptions {
  posts: number;
  comments: number;
  out: string;
}

/** Writes the export; returns the numbers of posts, pages, drafts, comments and replies written. */
export async function generateBloggerExport(
  options: GenerateOptions,
): Promise<{ posts: number; pages: number; drafts: number; comments: number; replies: number }> {
  const rnd = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const out = createWriteStream(options.out);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(
    `<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' ` +
      `xmlns:gd='http://schemas.google.com/g/2005' xmlns:thr='http://purl.org/syndication/thread/1.0' xmlns:app='http://purl.org/atom/app#'>\n` +
      `<id>tag:blogger.com,1999:blog-${BLOG}.archive</id><updated>2025-01-01T00:00:00.000Z</updated><title type='text'>A generated blog</title>\n` +
      `<link rel='alternate' type='text/html' href='https://generated.blogspot.com/'/>\n`,
  );
  for (const setting of ['BLOG_NAME', 'BLOG_DESCRIPTION', 'BLOG_PUBLISHING_MODE']) {
    await write(
      `<entry><id>tag:blogger.com,1999:blog-${BLOG}.settings.${setting}</id><category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#settings'/>` +
        `<title type='text'>${setting}</title><content type='text'>${setting === 'BLOG_DESCRIPTION' ? 'Made for measuring imports' : 'x'}</content></entry>\n`,
    );
  }

  const start = Date.parse('2010-01-01T00:00:00Z');
  const span = Date.parse('2025-01-01T00:00:00Z') - start;
  const livePosts: { id: string; path: string }[] = [];
  let pages = 0;
  let drafts = 0;
  for (let i = 0; i < options.posts; i++) {
    const id = String(8_000_000_000_000_000_000n + BigInt(i));
    const page = i % 500 === 499;
    const draft = !page && i % 97 === 0;
    const published = new Date(start + Math.floor((span * i) / options.posts));
    const title = `${sentence(5)} ${i}`;
    const slug = title.replace(/\s+/g, '-');
    const path = page
      ? `/p/${slug}.html`
      : `/${published.getUTCFullYear()}/${String(published.getUTCMonth() + 1).padStart(2, '0')}/${slug}.html`;
    const body =
      Array.from({ length: 6 }, () => `<p>${sentence(30)}</p>`).join('') +
      `<p><a href="https://example.com/${i}">a link</a> &amp; more</p>`;
    const labels = page ? [] : [pick(LABELS), pick(LABELS), pick(LABELS)];
    if (page) pages++;
    if (draft) drafts++;
    // Readers comment on live posts (pages' comments would name a page entry).
    else if (!page) livePosts.push({ id, path });
    await write(
      `<entry><id>tag:blogger.com,1999:blog-${BLOG}.${page ? 'page' : 'post'}-${id}</id>` +
        `<published>${published.toISOString()}</published><updated>${published.toISOString()}</updated>` +
        (draft ? '<app:control><app:draft>yes</app:draft></app:control>' : '') +
        `<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#${page ? 'page' : 'post'}'/>` +
        labels.map((l) => `<category scheme='http://www.blogger.com/atom/ns#' term='${l}'/>`).join('') +
        `<title type='text'>${escape(title)}</title><content type='html'>${escape(body)}</content>` +
        (draft ? '' : `<link rel='alternate' type='text/html' href='https://generated.blogspot.com${path}' title='${escape(title)}'/>`) +
        `<author><name>Author ${i % 7}</name><email>noreply@blogger.com</email></author></entry>\n`,
    );
  }

  // Comments after the posts, as Blogger writes them; replies answer an earlier comment on the same post.
  const recent: { id: string; post: { id: string; path: string } }[] = [];
  let replies = 0;
  for (let i = 0; i < options.comments; i++) {
    const id = String(9_000_000_000_000_000_000n + BigInt(i));
    let target = livePosts[Math.floor(rnd() * livePosts.length)]!;
    let parent: string | undefined;
    if (i % 3 === 2 && recent.length > 0) {
      const answered = recent[Math.floor(rnd() * recent.length)]!;
      parent = answered.id;
      target = answered.post;
      replies++;
    }
    recent.push({ id, post: target });
    if (recent.length > 200) recent.shift();
    const at = new Date(start + span + i * 60_000).toISOString();
    await write(
      `<entry><id>tag:blogger.com,1999:blog-${BLOG}.post-${id}</id><published>${at}</published><updated>${at}</updated>` +
        `<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#comment'/>` +
        `<title type='text'>${sentence(4)}</title><content type='html'>${escape(`${sentence(25)}<br />${sentence(10)}`)}</content>` +
        (parent
          ? `<link rel='related' type='application/atom+xml' href='https://www.blogger.com/feeds/${BLOG}/${target.id}/comments/default/${parent}'/>`
          : '') +
        `<author><name>Reader ${i % 300}</name><uri>https://www.blogger.com/profile/${i % 300}</uri></author>` +
        `<thr:in-reply-to href='https://generated.blogspot.com${target.path}' ref='tag:blogger.com,1999:blog-${BLOG}.post-${target.id}' type='text/html'/></entry>\n`,
    );
  }
  await write('</feed>\n');
  out.end();
  await finished(out);
  return { posts: options.posts - pages, pages, drafts, comments: options.comments, replies };
}

if (process.argv[1]?.endsWith('generate-blogger-export.ts')) {
  const { values } = parseArgs({
    options: {
      posts: { type: 'string', default: '10000' },
      comments: { type: 'string', default: '50000' },
      out: { type: 'string', default: 'blogger-export-10k.xml' },
    },
  });
  const result = await generateBloggerExport({ posts: Number(values.posts), comments: Number(values.comments), out: values.out });
  console.log(`wrote ${values.out}: ${JSON.stringify(result)}`);
}
