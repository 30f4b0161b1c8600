/**
 * The spam classifier's memory per blog: token counts, the number of comments learned, and which comments
 * were learned as what. Counts change by batched upserts (one statement per few hundred tokens); a
 * blog's token table is kept bounded by pruning its rarest, stalest tokens.
 */
import { sql, type Kysely } from 'kysely';
import type { CommentStatus, Database } from '../schema.js';

/** Spam and ham counts: of comments holding a token, or of comments learned. */
export interface SpamCounts {
  spam: number;
  ham: number;
}

/** A comment as the bulk trainer reads it. */
export interface TrainingComment {
  id: string;
  status: CommentStatus;
  body_html: string;
  author_name: string;
  author_email: string;
  author_url: string;
}

/** A comment the classifier learned. */
export interface LearnedComment {
  commentId: string;
  isSpam: boolean;
  tokens: string[];
}

/** Rows per upsert: five parameters each stays far below SQLite's and PostgreSQL's parameter limits. */
const BATCH = 500;

export class SpamRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Runs `work` in one transaction, with a repository bound to it. A repository made over a transaction
   * (a moderation action's, say) works in that one, so learning commits or rolls back with the action.
   */
  transaction<T>(work: (repository: SpamRepository) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction().execute((trx) => work(new SpamRepository(trx)));
  }

  /** How many spam and ham comments the blog's classifier has learned. */
  async corpus(blogId: string): Promise<SpamCounts> {
    const row = await this.db.selectFrom('spam_corpora').selectAll().where('blog_id', '=', blogId).executeTakeFirst();
    return { spam: Number(row?.spam_docs ?? 0), ham: Number(row?.ham_docs ?? 0) };
  }

  /** The counts of those of `tokens` the blog has seen. */
  async tokenCounts(blogId: string, tokens: readonly string[]): Promise<Map<string, SpamCounts>> {
    const counts = new Map<string, SpamCounts>();
    for (let i = 0; i < tokens.length; i += BATCH) {
      const rows = await this.db
        .selectFrom('spam_tokens')
        .select(['token', 'spam_count', 'ham_count'])
        .where('blog_id', '=', blogId)
        .where('token', 'in', tokens.slice(i, i + BATCH))
        .execute();
      for (const r of rows) counts.set(r.token, { spam: Number(r.spam_count), ham: Number(r.ham_count) });
    }
    return counts;
  }

  /**
   * Adds `deltas` to token counts and `docs` to the number of comments learned. Deltas may be negative
   * (unlearning); no count goes below zero, and a token both of whose counts reach zero is removed.
   */
  async addCounts(blogId: string, deltas: ReadonlyMap<string, SpamCounts>, docs: SpamCounts, now: number): Promise<void> {
    const entries = [...deltas].filter(([, d]) => d.spam !== 0 || d.ham !== 0);
    for (let i = 0; i < entries.length; i += BATCH) {
      const rows = entries.slice(i, i + BATCH).map(([token, d]) => ({
        blog_id: blogId,
        token,
        spam_count: d.spam,
        ham_count: d.ham,
        updated_at: now,
      }));
      await this.db
        .insertInto('spam_tokens')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['blog_id', 'token']).doUpdateSet({
            spam_count: sql`spam_tokens.spam_count + excluded.spam_count`,
            ham_count: sql`spam_tokens.ham_count + excluded.ham_count`,
            updated_at: now,
          }),
        )
        .execute();
    }
    if (entries.some(([, d]) => d.spam < 0 || d.ham < 0)) {
      // A count can only go below zero where it was pruned or never stored: read that as zero.
      await this.db.updateTable('spam_tokens').set({ spam_count: 0 }).where('blog_id', '=', blogId).where('spam_count', '<', 0).execute();
      await this.db.updateTable('spam_tokens').set({ ham_count: 0 }).where('blog_id', '=', blogId).where('ham_count', '<', 0).execute();
      await this.db
        .deleteFrom('spam_tokens')
        .where('blog_id', '=', blogId)
        .where('spam_count', '=', 0)
        .where('ham_count', '=', 0)
        .execute();
    }
    if (docs.spam === 0 && docs.ham === 0) return;
    await this.db
      .insertInto('spam_corpora')
      .values({ blog_id: blogId, spam_docs: Math.max(0, docs.spam), ham_docs: Math.max(0, docs.ham), updated_at: now })
      .onConflict((oc) =>
        oc.column('blog_id').doUpdateSet({
          spam_docs: sql`case when spam_corpora.spam_docs + ${docs.spam} < 0 then 0 else spam_corpora.spam_docs + ${docs.spam} end`,
          ham_docs: sql`case when spam_corpora.ham_docs + ${docs.ham} < 0 then 0 else spam_corpora.ham_docs + ${docs.ham} end`,
          updated_at: now,
        }),
      )
      .execute();
  }

  /** How many tokens the blog's classifier keeps. */
  async tokenTotal(blogId: string): Promise<number> {
    const row = await this.db
      .selectFrom('spam_tokens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('blog_id', '=', blogId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Keeps at most `max` tokens for the blog: when there are more, removes the least seen (oldest first
   * among equals) down to `keep`. Returns how many were removed.
   */
  async prune(blogId: string, max: number, keep: number): Promise<number> {
    const total = await this.tokenTotal(blogId);
    if (total <= max) return 0;
    const excess = total - keep;
    const doomed = this.db
      .selectFrom('spam_tokens')
      .select('token')
      .where('blog_id', '=', blogId)
      .orderBy(sql`spam_count + ham_count`, 'asc')
      .orderBy('updated_at', 'asc')
      .orderBy('token', 'asc')
      .limit(excess);
    const result = await this.db.deleteFrom('spam_tokens').where('blog_id', '=', blogId).where('token', 'in', doomed).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** What the classifier learned from these comments of the blog (those it learned from). */
  async learned(blogId: string, commentIds: readonly string[]): Promise<Map<string, LearnedComment>> {
    const out = new Map<string, LearnedComment>();
    for (let i = 0; i < commentIds.length; i += BATCH) {
      const rows = await this.db
        .selectFrom('spam_learned_comments')
        .selectAll()
        .where('blog_id', '=', blogId)
        .where('comment_id', 'in', commentIds.slice(i, i + BATCH))
        .execute();
      for (const r of rows) {
        out.set(r.comment_id, {
          commentId: r.comment_id,
          isSpam: Number(r.is_spam) === 1,
          tokens: r.tokens === '' ? [] : r.tokens.split('\n'),
        });
      }
    }
    return out;
  }

  /** Records (or replaces) what the classifier learned from a comment. */
  async recordLearned(blogId: string, learned: readonly LearnedComment[], now: number): Promise<void> {
    for (let i = 0; i < learned.length; i += BATCH) {
      const rows = learned.slice(i, i + BATCH).map((l) => ({
        comment_id: l.commentId,
        blog_id: blogId,
        is_spam: l.isSpam ? 1 : 0,
        tokens: l.tokens.join('\n'),
        created_at: now,
      }));
      await this.db
        .insertInto('spam_learned_comments')
        .values(rows)
        .onConflict((oc) =>
          oc.column('comment_id').doUpdateSet({ is_spam: sql`excluded.is_spam`, tokens: sql`excluded.tokens`, created_at: now }),
        )
        .execute();
    }
  }

  /** A page of the blog's comments for training, in ID order after `afterId`. */
  commentsForTraining(blogId: string, afterId: string, limit: number): Promise<TrainingComment[]> {
    return this.db
      .selectFrom('comments')
      .select(['id', 'status', 'body_html', 'author_name', 'author_email', 'author_url'])
      .where('blog_id', '=', blogId)
      .where('id', '>', afterId)
      .orderBy('id', 'asc')
      .limit(limit)
      .execute();
  }

  /** One comment of the blog, for learning from a moderator's decision. */
  findComment(blogId: string, commentId: string): Promise<TrainingComment | undefined> {
    return this.db
      .selectFrom('comments')
      .select(['id', 'status', 'body_html', 'author_name', 'author_email', 'author_url'])
      .where('blog_id', '=', blogId)
      .where('id', '=', commentId)
      .executeTakeFirst();
  }
}
