/** Builds test data through the real services, so tests exercise the same rules as the product. */
import type { Storage } from '../../src/storage/database.js';
import { createServices, type ServiceParts, type Services } from '../../src/services.js';
import type { NewPost } from '../../src/domain/posts/post.service.js';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';

export const TEST_BASE_DOMAIN = 'example.test';

/** A controllable clock: starts at a fixed date, moves when told. */
export class TestClock {
  constructor(public ms = Date.parse('2026-11-20T12:00:00Z')) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function servicesFor(
  storage: Storage,
  clock = new TestClock(),
  options: { allowSignup?: boolean; dataDir?: string; outboundAllow?: string[]; privateBlogReadersMax?: number } & ServiceParts = {},
): Services {
  return createServices(
    storage,
    {
      baseDomain: TEST_BASE_DOMAIN,
      allowSignup: options.allowSignup ?? false,
      dataDir: options.dataDir,
      outboundAllow: options.outboundAllow,
      privateBlogReadersMax: options.privateBlogReadersMax,
    },
    clock.now,
    options,
  );
}

let counter = 0;

export async function makeBlog(
  services: Services,
  overrides: Partial<Parameters<Services['blogs']['createBlog']>[0]> = {},
): Promise<BlogRow> {
  counter++;
  return services.blogs.createBlog({ name: `blog${counter}`, title: `Blog ${counter}`, ...overrides });
}

export async function makePost(services: Services, blog: BlogRow, overrides: Partial<NewPost> = {}): Promise<PostRow> {
  counter++;
  return services.posts.createPost({
    blogId: blog.id,
    title: `Post number ${counter}`,
    body: `<p>Body of post ${counter}, with some words to read.</p>`,
    ...overrides,
  });
}
