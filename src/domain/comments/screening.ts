/**
 * The contract between the comment pipeline and the spam screens that judge a comment's content.
 *
 * The pipeline (comment submission) checks the form itself first — honeypot, time to submit, rate
 * limits — then asks each screen in turn. Every screen may give a verdict with a reason a moderator can
 * read; the strictest verdict wins, and every reason given is kept with the comment for the dashboard.
 */

/**
 * What a screen can decide, from mildest to strictest:
 * - `publish`: nothing against it (the blog's moderation mode may still hold it);
 * - `challenge`: suspicious; the writer is asked for a proof of work, and a valid one lifts this verdict;
 * - `hold`: kept for a moderator;
 * - `spam`: stored as spam (a moderator may still mark it "not spam");
 * - `reject`: refused and not stored; the writer is told why.
 */
export type ScreenVerdict = 'publish' | 'challenge' | 'hold' | 'spam' | 'reject';

const STRICTNESS: Record<ScreenVerdict, number> = { publish: 0, challenge: 1, hold: 2, spam: 3, reject: 4 };

/** The blog's content rules, as its owner set them in the comment settings. */
export interface ContentRules {
  /** Words or phrases that hold a comment for moderation (matched case-insensitively). */
  holdWords: readonly string[];
  /** Words or phrases that reject a comment outright. */
  rejectWords: readonly string[];
  /** A comment with more links than this is held; null: no limit. */
  maxLinks: number | null;
}

/** One comment as the screens see it: already validated and sanitized, not yet stored. */
export interface Submission {
  blogId: string;
  postId: string;
  parentId: string | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  /** The sanitized body as HTML (what would be stored). */
  bodyHtml: string;
  /** The body as plain text (tags removed, entities decoded). */
  bodyText: string;
  /** The writer's address (never stored in full by a screen). */
  address: string;
  userAgent: string;
  /** The signed-in writer, if any. */
  userId: string | null;
  rules: ContentRules;
  now: number;
}

export interface ScreenResult {
  verdict: ScreenVerdict;
  /** Why, in words a moderator understands: "3 links (the limit is 2)", "spam score 0.97". */
  reason: string;
}

/** A spam screen: gives a verdict on a submission, or null when it has nothing to say. */
export interface CommentScreen {
  readonly name: string;
  screen(submission: Submission): Promise<ScreenResult | null>;
}

/** Learns from a blog's own decisions: a moderator's "spam" / "not spam", imported comments' statuses. */
export interface SpamLearner {
  learn(blogId: string, text: string, isSpam: boolean): Promise<void>;
  /**
   * Learns a stored comment with everything known about it (author, website); learning the opposite of
   * an earlier decision unlearns that one first. Preferred to `learn` where it exists.
   */
  learnComment?(blogId: string, commentId: string, isSpam: boolean): Promise<unknown>;
}

/** The stricter of two verdicts. */
export function stricter(a: ScreenVerdict, b: ScreenVerdict): ScreenVerdict {
  return STRICTNESS[a] >= STRICTNESS[b] ? a : b;
}

/** Runs every screen; the strictest verdict wins and all reasons are kept, in screen order. */
export async function screenSubmission(
  screens: readonly CommentScreen[],
  submission: Submission,
): Promise<{ verdict: ScreenVerdict; reasons: string[] }> {
  let verdict: ScreenVerdict = 'publish';
  const reasons: string[] = [];
  for (const screen of screens) {
    const result = await screen.screen(submission);
    if (!result) continue;
    verdict = stricter(verdict, result.verdict);
    if (result.verdict !== 'publish') reasons.push(result.reason);
  }
  return { verdict, reasons };
}
