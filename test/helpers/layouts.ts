/** Layouts for tests: one with every gadget, its hostile variants, and a small image to upload. */
import sharp from 'sharp';
import type { Services } from '../../src/services.js';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { EVERY_PAGE } from '../../src/domain/layout/layout-model.js';

/** A 64×48 PNG, stored as the blog's upload; its path. */
export async function uploadTestImage(services: Services, blog: BlogRow): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .png()
    .toBuffer();
  return (await services.images.store(blog.id, png)).src;
}

const everywhere = [...EVERY_PAGE];

/**
 * Every gadget type: the four of the fixed sidebar first, then the rest; the footer and under the post
 * get one each. `feedUrl` is a Blog list feed (a local peer in tests).
 */
export function everyGadgetLayout(parts: { featured: PostRow; imageSrc: string; feedUrl: string; text?: string; html?: string }) {
  const gadget = (id: string, type: string, settings: object = {}, title = '') => ({ id, type, title, show: everywhere, settings });
  return {
    sidebar: [
      gadget('popular-posts', 'popular'),
      gadget('labels', 'labels'),
      gadget('archive', 'archive'),
      gadget('search', 'search'),
      gadget('pages', 'pages'),
      gadget(
        'links-1',
        'links',
        {
          links: [
            { text: 'Dastan', url: 'https://example.org/dastan' },
            { text: 'About', url: '/p/about.html' },
          ],
        },
        'Friends',
      ),
      gadget('text-1', 'text', { text: parts.text ?? 'A blog about walking.\n\nPosts every Sunday.' }, 'Welcome'),
      gadget('html-1', 'html', { html: parts.html ?? '<p>Made with <strong>care</strong>.</p>' }, 'Colophon'),
      gadget('image-1', 'image', { src: parts.imageSrc, alt: 'A red square', link: 'https://example.org/' }, 'Picture'),
      gadget('profile-1', 'profile', { about: 'Two friends who write.' }),
      gadget('featured-1', 'featured', { postId: parts.featured.id }),
      gadget('blog-list-1', 'blog-list', { feeds: [parts.feedUrl], count: 2 }),
      gadget('subscribe', 'subscribe'),
    ],
    footer: [gadget('contact', 'contact')],
    'under-post': [gadget('text-2', 'text', { text: 'Thanks for reading.' })],
  };
}
