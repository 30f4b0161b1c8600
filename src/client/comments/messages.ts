/**
 * The comment script's words. The script is one cached file for every blog, so the words in the blog's
 * language come with the reader's form token (GET /comments/token, from the catalogues); these English
 * ones stand in until then, or when the token cannot be had.
 */
export const ENGLISH = {
  posting: 'Posting your comment…',
  sending: 'Sending…',
  checking: 'Checking that you are a person; this takes a few seconds…',
  checkFailed: 'The check could not be finished. Please try again.',
  notPosted: 'The comment could not be posted.',
  awaiting: 'Your comment was received and is awaiting moderation.',
  editLabel: 'Edit your comment',
  save: 'Save changes',
  cancel: 'Cancel',
  saving: 'Saving…',
  notSaved: 'The change could not be saved. Please try again.',
  changed: 'Your comment has been changed.',
  deleteQuestion: 'Delete this comment?',
  deleteYes: 'Delete comment',
  deleteNo: 'Keep it',
  notDeleted: 'The comment could not be deleted. Please try again.',
  deleted: 'Your comment was deleted.',
  locked: 'This comment can no longer be changed.',
};

export type Messages = typeof ENGLISH & { signedInAs?: string };

/** The reader's form token ('' when it cannot be had) and the script's words. */
export interface Session {
  csrf: string;
  messages: Messages;
}

/** The words the server sent, each in place of the English one (anything else is ignored). */
export function messagesFrom(sent: unknown): Messages {
  const messages: Messages = { ...ENGLISH };
  if (typeof sent !== 'object' || sent === null) return messages;
  for (const [key, value] of Object.entries(sent as Record<string, unknown>)) {
    if (typeof value === 'string' && (key in ENGLISH || key === 'signedInAs')) (messages as Record<string, string>)[key] = value;
  }
  return messages;
}
