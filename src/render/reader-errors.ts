/**
 * Why a reader's form was not taken, in the blog's language: the domain's errors carry English messages
 * for the dashboard and logs, and the field or id they concern; a reader page (subscribe, contact, the
 * fediverse share page) names the same problem from the catalogue.
 */
import { AppError, InvalidInputError, TooManyRequestsError } from '../domain/errors.js';
import type { Texts } from './i18n/translate.js';

/** The catalogue key for a problem with each form field (the schema's names and the domain's alike). */
const FIELD_KEYS: Readonly<Record<string, string>> = {
  email: 'readerError.email',
  name: 'readerError.name',
  message: 'readerError.message',
  body: 'readerError.comment',
  frequency: 'readerError.frequency',
  instance: 'readerError.instance',
  stamp: 'readerError.stamp',
  _ts: 'readerError.stamp',
  honeypot: 'readerError.automated',
  homepage: 'readerError.automated',
  proof: 'readerError.proof',
  altcha: 'readerError.proof',
};

/** What the messages name: examples stay as written in every language (isolated), limits are the domain's. */
const VALUES: Readonly<Record<string, Record<string, string | number>>> = {
  'readerError.email': { example: 'you@example.com' },
  'readerError.instance': { example: 'mastodon.social' },
  'readerError.name': { max: 100 },
};

const ID_KEYS: Readonly<Record<string, string>> = {
  too_large: 'readerError.tooLarge',
  message_rejected: 'readerError.rejected',
  comment_rejected: 'readerError.commentRejected',
};

/**
 * The reader's words for `error`. An English blog shows the domain's own message, which is English and
 * says more (a form sent too quickly is told apart from an expired one); other languages get the
 * catalogue's message for the field or error, and a general one where none fits.
 */
export function readerErrorText(texts: Texts, error: AppError): string {
  if (texts.language === 'en') return error.message;
  if (error instanceof TooManyRequestsError) return texts.text('readerError.tooFast', { seconds: error.retryAfterSeconds });
  const key =
    (error instanceof InvalidInputError && error.field ? FIELD_KEYS[error.field] : undefined) ??
    ID_KEYS[error.id] ??
    (error.status === 404 || error.id.startsWith('link_') ? 'readerError.gone' : undefined);
  return key ? texts.text(key, VALUES[key]) : texts.text('readerError.other');
}

/** An error page's title and message in the blog's language, for a reader on the blog's host. */
export function readerErrorPage(texts: Texts, error: AppError): { title: string; message: string } {
  return { title: texts.text('readerError.title', { status: String(error.status) }), message: readerErrorText(texts, error) };
}
