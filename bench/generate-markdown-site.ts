/**
 * A Jekyll site for the import benchmark: `_config.yml`, `posts` Markdown posts under `_posts/` (front
 * matter with a title, a zoned date, categories and tags, a description, a `redirect_from` on every
 * tenth) of about 2 KB each — paragraphs, a list, a code block, links — and a pool of images under
 * `assets/images/` that every fifth post shows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const WORDS = 'harbour boat tide morning net rope gull salt market lantern quay anchor current sail evening storm'.split(' ');
const IMAGES = 20;

function sentence(seed: number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length]!);
  const text = out.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

export async function generateMarkdownSite(options: { posts: number; out: string }): Promise<{ posts: number; images: number }> {
  const { out } = options;
  mkdirSync(path.join(out, '_posts'), { recursive: true });
  mkdirSync(path.join(out, 'assets/images'), { recursive: true });
  writeFileSync(
    path.join(out, '_config.yml'),
    'title: Bench harbour\nurl: "https://bench.example.org"\ntimezone: Europe/Lisbon\npermalink: /:categories/:year/:month/:day/:title:output_ext\n',
  );
  for (let i = 0; i < IMAGES; i++) {
    const png = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: (i * 37) % 256, g: (i * 91) % 256, b: 128 } },
    })
      .png()
      .toBuffer();
    writeFileSync(path.join(out, `assets/images/photo-${i}.png`), png);
  }
  const start = Date.UTC(2015, 0, 1);
  for (let n = 0; n < options.posts; n++) {
    const at = new Date(start + n * 7 * 3_600_000);
    const day = at.toISOString().slice(0, 10);
    const slug = `post-${n}-${WORDS[n % WORDS.length]}`;
    const tags = [WORDS[n % WORDS.length], WORDS[(n * 3) % WORDS.length]];
    const front = [
      '---',
      `title: "${sentence(n, 5).slice(0, -1)} ${n}"`,
      `date: ${day} ${at.toISOString().slice(11, 19)}`,
      `categories: ${WORDS[n % 4]}`,
      `tags: [${tags.join(', ')}]`,
      `description: ${sentence(n + 1, 12)}`,
      ...(n % 10 === 0 ? [`redirect_from: /old/${n}/`] : []),
      '---',
    ];
    const paragraphs = Array.from({ length: 8 }, (_, p) => sentence(n + p, 24 + (p % 5)));
    const body = [
      paragraphs[0],
      `## ${sentence(n + 3, 4).slice(0, -1)}`,
      paragraphs[1],
      `- ${sentence(n, 3)}\n- ${sentence(n + 1, 4)}\n- [a link](https://example.com/${n})`,
      ...(n % 5 === 0 ? [`![A photo of the harbour](/assets/images/photo-${(n / 5) % IMAGES}.png)`] : []),
      paragraphs.slice(2, 5).join('\n\n'),
      '```js\nconsole.log("tide", ' + n + ');\n```',
      paragraphs.slice(5).join('\n\n'),
    ];
    writeFileSync(path.join(out, '_posts', `${day}-${slug}.md`), `${front.join('\n')}\n${body.join('\n\n')}\n`);
  }
  return { posts: options.posts, images: IMAGES };
}
