/**
 * A blog's own spam classifier (bayes.ts is the arithmetic, tokenize.ts what it reads): it scores a
 * comment from what that blog's moderators — and its imported comments — have called spam and not spam.
 * Nothing is learned from the classifier's own verdicts, only from people's decisions, so a mistake
 * does not teach itself.
 *
 * Learning a stored comment records its tokens, so learning it again is a no-op and a reversed decision
 * ("not spam" after "spam") unlearns exactly what was learned, even if the comment was edited since.
 */
import type { SpamCounts, SpamRepository } from '../../../storage/repositories/spam.repository.js';
import { NotFoundError } from '../../errors.js';
import type { SpamLearner } from '../screening.js';
import { combine, MIN_STRENGTH, tokenSpamProbability } from './bayes.js';
import { tokenize, type SpamDocument } from './tokenize.js';
import { trainFromStoredComments, type TrainingReport } from './train-blog.js';
import { addTokens, applyDecisions, MAX_TOKENS_PER_BLOG, MIN_LEARNED_EACH, PRUNE_TO } from './learning.js';

export { MIN_LEARNED_EACH } from './learning.js';

/** A blog's naive-Bayes spam classifier over its stored token counts; also the SpamLearner of the contract. */
export class SpamClassifier implements SpamLearner {
  constructor(
    private readonly repository: SpamRepository,
    private readonly now: () => number,
  ) {}

  /** The spam score of a comment, 0 … 1, or null while the blog has learned too little to judge it. */
  async score(blogId: string, doc: SpamDocument): Promise<number | null> {
    const corpus = await this.repository.corpus(blogId);
    if (corpus.spam < MIN_LEARNED_EACH || corpus.ham < MIN_LEARNED_EACH) return null;
    const tokens = tokenize(doc);
    const counts = await this.repository.tokenCounts(blogId, tokens);
    const probabilities = [...counts.values()].map((c) => tokenSpamProbability(c, corpus));
    // Nothing it knows says anything either way: no score, rather than a meaningless 0.5.
    if (!probabilities.some((p) => Math.abs(p - 0.5) >= MIN_STRENGTH)) return null;
    return combine(probabilities);
  }

  /** Learns a text that is not a stored comment (SpamLearner); it cannot be unlearned but by `unlearn`. */
  async learn(blogId: string, text: string, isSpam: boolean): Promise<void> {
    await this.change(blogId, { body: text }, isSpam, 1);
  }

  /** Takes back a `learn` of the same text. */
  async unlearn(blogId: string, text: string, wasSpam: boolean): Promise<void> {
    await this.change(blogId, { body: text }, wasSpam, -1);
  }

  private async change(blogId: string, doc: SpamDocument, isSpam: boolean, sign: 1 | -1): Promise<void> {
    const deltas = new Map<string, SpamCounts>();
    addTokens(deltas, tokenize(doc), isSpam, sign);
    await this.repository.transaction(async (repo) => {
      await repo.addCounts(blogId, deltas, { spam: isSpam ? sign : 0, ham: isSpam ? 0 : sign }, this.now());
      await repo.prune(blogId, MAX_TOKENS_PER_BLOG, PRUNE_TO);
    });
  }

  /**
   * Learns a moderator's decision on a stored comment of the blog: spam or not spam. A comment already
   * learned the same way is left alone; one learned the other way is unlearned first. Returns whether
   * anything changed.
   */
  async learnComment(blogId: string, commentId: string, isSpam: boolean): Promise<boolean> {
    return this.repository.transaction(async (repo) => {
      const comment = await repo.findComment(blogId, commentId);
      if (!comment) throw new NotFoundError('There is no such comment on this blog.');
      const changed = await applyDecisions(repo, blogId, [{ comment, isSpam }], this.now());
      if (changed > 0) await repo.prune(blogId, MAX_TOKENS_PER_BLOG, PRUNE_TO);
      return changed > 0;
    });
  }

  /** Learns from all the blog's live and spam comments (train-blog.ts): after an import, say. */
  trainBlog(blogId: string, onProgress?: (read: number) => void): Promise<TrainingReport> {
    return trainFromStoredComments(this.repository, blogId, this.now, onProgress);
  }
}
