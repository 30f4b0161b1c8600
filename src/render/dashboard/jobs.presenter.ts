/** Rows of the dashboard's list of failed background jobs: what each job was, when and why it failed. */
import type { JobRow } from '../../storage/schema.js';
import { formatDateTime } from '../dates.js';

/** What each kind of job does, in words; a kind not named here shows as itself. */
export const JOB_KIND_NAMES: Record<string, string> = {
  'mail.password-reset': 'Password reset mail',
  'mail.subscription-confirm': 'Subscription confirmation mail',
  'mail.post': 'Post mailed to subscribers',
  'mail.post-to': 'Post mailed to one subscriber',
  'mail.digest': 'Weekly digest',
  'mail.digest-to': 'Weekly digest mailed to one subscriber',
};

/** Up to this many characters of a job's error are shown. */
const ERROR_SHOWN = 500;

export function presentFailedJob(job: JobRow, language: string, timeZone: string) {
  const error = job.last_error ?? '';
  return {
    id: job.id,
    kind: JOB_KIND_NAMES[job.kind] ?? job.kind,
    attempts: Number(job.attempts),
    failedAt: formatDateTime(Number(job.updated_at), language, timeZone),
    failedAtIso: new Date(Number(job.updated_at)).toISOString(),
    error: error.length > ERROR_SHOWN ? `${error.slice(0, ERROR_SHOWN)}…` : error,
  };
}
