/**
 * The owner's link limit: a comment whose body holds more links than `rules.maxLinks` waits for a
 * moderator. Anchors and bare addresses in the text count (links.ts); the writer's website field does
 * not — it is an offered field every commenter may fill in, and counting it would make a limit of 0
 * hold everyone who gives one (the classifier weighs the website's host instead). WordPress's
 * "comment_max_links" likewise counts the links of the content only.
 */
import type { CommentScreen, ScreenResult, Submission } from '../screening.js';
import { findLinks } from './links.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Holds a comment with more links than the blog allows. */
export class LinkLimitScreen implements CommentScreen {
  readonly name = 'links';

  screen(submission: Submission): Promise<ScreenResult | null> {
    const limit = submission.rules.maxLinks;
    if (limit === null) return Promise.resolve(null);
    const count = findLinks(submission.bodyHtml).length;
    if (count <= limit) return Promise.resolve(null);
    return Promise.resolve({ verdict: 'hold', reason: `${plural(count, 'link')} (the limit is ${limit})` });
  }
}
