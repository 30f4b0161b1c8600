/**
 * Learning, shared by the classifier and the bulk trainer: turning people's decisions on stored comments
 * into token counts, and the bounds on what a blog keeps.
 */
import type { LearnedComment, SpamCounts, SpamRepository, TrainingComment } from '../../../storage/repositories/spam.repository.js';
import { tokenize, type SpamDocument } from './tokenize.js';

/** Below this many learned comments of either kind the classifier gives no score. */
export const MIN_LEARNED_EACH = 10;
/** A blog keeps at most this many tokens; past it, the rarest are pruned down to PRUNE_TO. */
export const MAX_TOKENS_PER_BLOG = 50_000;
export const PRUNE_TO = 45_000;

/** The classifier's view of a stored comment. */
export function commentDocument(comment: Pick<TrainingComment, 'body_html' | 'author_name' | 'author_email' | 'author_url'>): SpamDocument {
  return { body: comment.body_html, authorName: comment.author_name, authorEmail: comment.author_email, authorUrl: comment.author_url };
}

/** Adds one comment's tokens, counted for spam or ham, with `sign` +1 (learn) or −1 (unlearn), to `deltas`. */
export function addTokens(deltas: Map<string, SpamCounts>, tokens: readonly string[], isSpam: boolean, sign: 1 | -1): void {
  for (const token of tokens) {
    const d = deltas.get(token) ?? { spam: 0, ham: 0 };
    if (isSpam) d.spam += sign;
    else d.ham += sign;
    deltas.set(token, d);
  }
}

/**
 * Learns each comment as spam or ham, in one batch: skips comments already learned that way, unlearns
 * those learned the other way, records what was learned. Returns how many comments changed.
 */
export async function applyDecisions(
  repo: SpamRepository,
  blogId: string,
  decisions: readonly { comment: TrainingComment; isSpam: boolean }[],
  now: number,
): Promise<number> {
  const before = await repo.learned(
    blogId,
    decisions.map((d) => d.comment.id),
  );
  const deltas = new Map<string, SpamCounts>();
  const docs: SpamCounts = { spam: 0, ham: 0 };
  const learned: LearnedComment[] = [];
  for (const { comment, isSpam } of decisions) {
    const previous = before.get(comment.id);
    if (previous?.isSpam === isSpam) continue;
    if (previous) {
      addTokens(deltas, previous.tokens, previous.isSpam, -1);
      if (previous.isSpam) docs.spam--;
      else docs.ham--;
    }
    const tokens = tokenize(commentDocument(comment));
    addTokens(deltas, tokens, isSpam, 1);
    if (isSpam) docs.spam++;
    else docs.ham++;
    learned.push({ commentId: comment.id, isSpam, tokens });
  }
  if (learned.length === 0) return 0;
  await repo.addCounts(blogId, deltas, docs, now);
  await repo.recordLearned(blogId, learned, now);
  return learned.length;
}
