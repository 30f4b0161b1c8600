/**
 * The classifier as a screen: the blog's own naive-Bayes score decides. Until the blog has learned
 * enough (classifier.ts, MIN_LEARNED_EACH) it says nothing.
 *
 * The thresholds come from the held-out evaluation in test/spam/classifier-accuracy.test.ts: ham there
 * scores below 0.2 almost always and spam above 0.9; between them the evidence is mixed. Such comments
 * are asked for a proof of work (a person's browser solves it unseen; a spam script usually cannot),
 * and held for a moderator when the lean is clearly towards spam.
 */
import type { CommentScreen, ScreenResult, ScreenVerdict, Submission } from '../screening.js';
import type { SpamClassifier } from './classifier.js';

export interface BayesThresholds {
  /** At or above: held for a moderator. */
  hold: number;
  /** At or above: stored as spam. */
  spam: number;
  /** At or above: the writer is challenged (proof of work). Below: nothing against it. */
  challenge: number;
}

export const DEFAULT_THRESHOLDS: BayesThresholds = { challenge: 0.2, hold: 0.6, spam: 0.9 };

/** The verdict for a spam score. */
export function verdictForScore(score: number, thresholds: BayesThresholds = DEFAULT_THRESHOLDS): ScreenVerdict {
  if (score >= thresholds.spam) return 'spam';
  if (score >= thresholds.hold) return 'hold';
  if (score >= thresholds.challenge) return 'challenge';
  return 'publish';
}

/** Judges a comment by the blog's own spam classifier. */
export class BayesScreen implements CommentScreen {
  readonly name = 'bayes';

  constructor(
    private readonly classifier: SpamClassifier,
    private readonly thresholds: BayesThresholds = DEFAULT_THRESHOLDS,
  ) {}

  async screen(submission: Submission): Promise<ScreenResult | null> {
    const score = await this.classifier.score(submission.blogId, {
      body: submission.bodyHtml,
      authorName: submission.authorName,
      authorEmail: submission.authorEmail,
      authorUrl: submission.authorUrl,
    });
    if (score === null) return null;
    return { verdict: verdictForScore(score, this.thresholds), reason: `spam score ${score.toFixed(2)}` };
  }
}
