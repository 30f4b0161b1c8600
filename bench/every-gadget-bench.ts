/**
 * The "post page with every gadget" row of `npm run bench`: the benchmark blog's layout is set to every
 * gadget type (the sidebar's fourteen, the contact form in the footer, a text under the post — the same
 * layout as the Chromium tests), so the same post page can be loaded uncached against the plain one.
 * Issue 15 asks that it stays within 10 % of the plain page's figure.
 */
import { openStorage } from '../src/storage/database.js';
import { createServices } from '../src/services.js';
import { everyGadgetLayout, uploadTestImage } from '../test/helpers/layouts.js';

export const EVERY_GADGET_PAGE = 'post page with every gadget';

/** Gives the blog `blogId` in `databaseUrl` every gadget; the Image gadget's picture goes under `dataDir`. */
export async function arrangeEveryGadget(databaseUrl: string, dataDir: string, blogId: string): Promise<void> {
  const storage = openStorage(databaseUrl);
  try {
    const services = createServices(storage, { baseDomain: 'localhost', dataDir });
    const blog = (await services.repositories.blogs.findById(blogId))!;
    const featured = await storage.db
      .selectFrom('posts')
      .selectAll()
      .where('blog_id', '=', blogId)
      .where('status', '=', 'live')
      .orderBy('published_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const layout = everyGadgetLayout({
      featured,
      imageSrc: await uploadTestImage(services, blog),
      // Never fetched while the benchmark runs (the gadget shows once a fetch has stored items).
      feedUrl: 'https://feeds.example.org/atom',
    });
    await services.layout.save(blog, 'owner', layout);
  } finally {
    await storage.close();
  }
}
