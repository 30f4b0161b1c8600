/**
 * The spam classifier's memory (part of the schema in ../schema.ts): token counts per blog, the corpus
 * sizes, and each learned comment so that a reversal unlearns exactly.
 */
/** How many spam and ham comments of a blog held a token (the classifier's memory). */
export interface SpamTokensTable {
  blog_id: string;
  token: string;
  spam_count: number;
  ham_count: number;
  updated_at: number;
}

/** How many spam and ham comments a blog's classifier has learned. */
export interface SpamCorporaTable {
  blog_id: string;
  spam_docs: number;
  ham_docs: number;
  updated_at: number;
}

/** A comment the classifier learned, as what, and from which tokens (so a reversal unlearns exactly). */
export interface SpamLearnedCommentsTable {
  comment_id: string;
  blog_id: string;
  is_spam: number;
  /** The tokens learned, one a line. */
  tokens: string;
  created_at: number;
}
