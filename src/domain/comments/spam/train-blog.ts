/**
 * The bulk trainer: teaches a blog's classifier from the comments it already holds — live comments as
 * ham, spam as spam (pending and deleted ones say nothing). Meant for imported comments, whose statuses
 * are their old moderators' decisions, and safe to run again: a comment already learned the same way
 * is skipped, one whose status changed is relearned.
 */
import type { SpamRepository } from '../../../storage/repositories/spam.repository.js';
import { applyDecisions, MAX_TOKENS_PER_BLOG, PRUNE_TO } from './learning.js';

export interface TrainingReport {
  /** Comments read that carry a decision (live or spam). */
  considered: number;
  /** Comments newly learned or relearned. */
  learned: number;
  /** The classifier's totals afterwards. */
  spam: number;
  ham: number;
  /** Tokens removed to keep the blog's table bounded. */
  pruned: number;
}

const PAGE = 500;

/** Learns from every live and spam comment of the blog, a page per transaction. */
export async function trainFromStoredComments(
  repository: SpamRepository,
  blogId: string,
  now: () => number,
  onProgress?: (read: number) => void,
): Promise<TrainingReport> {
  let afterId = '';
  let read = 0;
  let considered = 0;
  let learned = 0;
  for (;;) {
    const page = await repository.commentsForTraining(blogId, afterId, PAGE);
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    read += page.length;
    const decisions = page
      .filter((c) => c.status === 'live' || c.status === 'spam')
      .map((c) => ({ comment: c, isSpam: c.status === 'spam' }));
    considered += decisions.length;
    learned += await repository.transaction((repo) => applyDecisions(repo, blogId, decisions, now()));
    onProgress?.(read);
  }
  const pruned = await repository.prune(blogId, MAX_TOKENS_PER_BLOG, PRUNE_TO);
  const corpus = await repository.corpus(blogId);
  return { considered, learned, spam: corpus.spam, ham: corpus.ham, pruned };
}
