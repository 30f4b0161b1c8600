/** Shared set-up for the spam tests: a blog with a post, comments stored through the real service. */
import type { Storage } from '../../src/storage/database.js';
import type { Services } from '../../src/services.js';
import type { ContentRules, Submission } from '../../src/domain/comments/screening.js';
import { makeBlog, makePost, servicesFor, TestClock } from '../helpers/factories.js';
import type { BlogRow, CommentStatus, PostRow } from '../../src/storage/schema.js';
import type { LabelledComment } from './corpus/index.js';

export interface SpamFixture {
  services: Services;
  clock: TestClock;
  blog: BlogRow;
  post: PostRow;
}

export async function spamFixture(storage: Storage): Promise<SpamFixture> {
  const clock = new TestClock();
  const services = servicesFor(storage, clock);
  const blog = await makeBlog(services);
  const post = await makePost(services, blog);
  return { services, clock, blog, post };
}

/** Stores a labelled comment with the status its label stands for (or `status`). */
export async function storeComment(f: SpamFixture, c: LabelledComment, status?: CommentStatus): Promise<string> {
  const row = await f.services.comments.addComment({
    blogId: f.blog.id,
    postId: f.post.id,
    authorName: c.authorName,
    authorEmail: c.authorEmail,
    authorUrl: c.authorUrl,
    body: c.bodyHtml,
    status: status ?? (c.isSpam ? 'spam' : 'live'),
  });
  return row.id;
}

export const NO_RULES: ContentRules = { holdWords: [], rejectWords: [], maxLinks: null };

/** A submission as the pipeline would hand it to the screens. */
export function submission(overrides: Partial<Submission> = {}): Submission {
  const bodyHtml = overrides.bodyHtml ?? '<p>Thanks, this helped.</p>';
  return {
    blogId: '1',
    postId: '2',
    parentId: null,
    authorName: 'Reader',
    authorEmail: '',
    authorUrl: '',
    bodyHtml,
    bodyText: bodyHtml.replace(/<[^>]*>/g, ' ').trim(),
    address: '192.0.2.1',
    userAgent: 'test',
    userId: null,
    rules: NO_RULES,
    now: 0,
    ...overrides,
  };
}

/** A labelled comment as a submission to `blogId`. */
export function submissionOf(blogId: string, c: LabelledComment): Submission {
  return submission({ blogId, authorName: c.authorName, authorEmail: c.authorEmail, authorUrl: c.authorUrl, bodyHtml: c.bodyHtml });
}
