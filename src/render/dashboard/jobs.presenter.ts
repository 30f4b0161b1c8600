/** Rows of the dashboard's list of failed background jobs: what each job was, when and why it failed. */
import type { JobRow } from '../../storage/schema.js';
import type { Texts } from '../i18n/translate.js';
import { formatDateTime } from '../dates.js';

/** The kinds of job named in words (`admin.jobs.kind.KIND`); a kind not named here shows as itself. */
const NAMED_KINDS = new Set([
  'mail.password-reset',
  'mail.subscription-confirm',
  'mail.post',
  'mail.post-to',
  'mail.digest',
  'mail.digest-to',
  'webhook.deliver',
]);

/** Up to this many characters of a job's error are shown. */
const ERROR_SHOWN = 500;

/** A failed job's row: what it was in the reader's words (`texts`), when it failed in `language`. */
export function presentFailedJob(job: JobRow, texts: Texts, language: string, timeZone: string) {
  const error = job.last_error ?? '';
  return {
    id: job.id,
    kind: NAMED_KINDS.has(job.kind) ? texts.text(`admin.jobs.kind.${job.kind}`) : job.kind,
    attempts: Number(job.attempts),
    failedAt: formatDateTime(Number(job.updated_at), language, timeZone),
    failedAtIso: new Date(Number(job.updated_at)).toISOString(),
    error: error.length > ERROR_SHOWN ? `${error.slice(0, ERROR_SHOWN)}…` : error,
  };
}
