/**
 * Why a comment or a contact message was held, in the moderator's language. The screens store their
 * reasons as English sentences, kept with the comment; the dashboard and the mail to moderators read each
 * one back by its pattern and write it from the catalogue (`admin.spam.*`). A reason no pattern knows (a
 * screen added later, an imported note) is shown as stored.
 */
import type { Wording } from '../text/wording.js';

type Reading = { pattern: RegExp; key: string; values?: (m: RegExpExecArray) => Record<string, unknown> };

const READINGS: readonly Reading[] = [
  // bayes.screen.ts
  { pattern: /^spam score (\d+(?:\.\d+)?)$/, key: 'admin.spam.score', values: (m) => ({ score: Number(m[1]) }) },
  // word-rules.screen.ts
  { pattern: /^contains the held word “([^]*)”$/, key: 'admin.spam.heldWord', values: (m) => ({ word: m[1] }) },
  { pattern: /^contains the blocked word “([^]*)”$/, key: 'admin.spam.blockedWord', values: (m) => ({ word: m[1] }) },
  // link-limit.screen.ts
  {
    pattern: /^(\d+) links? \(the limit is (\d+)\)$/,
    key: 'admin.spam.links',
    values: (m) => ({ count: Number(m[1]), limit: Number(m[2]) }),
  },
  // comment-submission.service.ts, own-comment.service.ts, contact.service.ts
  { pattern: /^Proof of work solved\.$/, key: 'admin.spam.proofSolved' },
  { pattern: /^Held instead of a proof of work\.$/, key: 'admin.spam.heldNoProof' },
  { pattern: /^Put in spam instead of a proof of work\.$/, key: 'admin.spam.spamNoProof' },
  { pattern: /^The blog holds every comment\.$/, key: 'admin.spam.holdsEvery' },
  { pattern: /^The post is older than (\d+) days\.$/, key: 'admin.spam.olderThan', values: (m) => ({ days: Number(m[1]) }) },
  { pattern: /^Changed by its writer\.$/, key: 'admin.spam.changed' },
];

/** One stored reason in the reader's language (as stored when no pattern knows it). */
export function reasonText(texts: Wording, reason: string): string {
  for (const { pattern, key, values } of READINGS) {
    const match = pattern.exec(reason);
    if (match) return texts.text(key, values?.(match));
  }
  return reason;
}

/** The stored reasons of a comment or message (one a line), each in the reader's language. */
export function reasonsOf(texts: Wording, stored: string | null): string[] {
  return stored ? stored.split('\n').map((reason) => reasonText(texts, reason)) : [];
}
