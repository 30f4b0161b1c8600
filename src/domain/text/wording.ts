/**
 * The words of a mail in its reader's language. A mail to a blog's readers (a confirm link, a post, the
 * digest, a reply to their comment) speaks the blog's language, with the blog's own wording of a message
 * where its owner changed it; a mail to a person with an account speaks their dashboard's language. The
 * messages are the catalogues' (`mail.…` and `admin.mail.…`, src/render/i18n/catalogues/); render's
 * Texts is what services.ts hands in, and the domain names only what it uses, so it never reaches up.
 */
import type { SafeHtml } from './sanitize.js';

export interface Wording {
  /** The locale dates and numbers are written in (`ur-PK`). */
  readonly locale: string;
  /** The message as plain text, each text argument isolated (U+2068…U+2069) so its direction holds. */
  text(key: string, values?: Readonly<Record<string, unknown>>): string;
  /** The message as HTML, escaped, each text argument in its own `<bdi>`. */
  html(key: string, values?: Readonly<Record<string, unknown>>): SafeHtml;
}

/** The wording of a language tag (a blog's or a user's; '' is English), with a blog's overrides (JSON) when given. */
export type WordingFor = (language: string, overrides?: string | null) => Wording;
