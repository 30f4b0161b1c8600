/**
 * Subscribers as CSV, both ways. Export: one row per subscriber with the consent record (when and how
 * the address was added, when it confirmed or left). Import: a header row naming at least `email`; the
 * optional `frequency` (each | weekly) and `confirmed_at` (an ISO date: the consent the address gave
 * elsewhere) are read too. Parsing is csv-parse's; every row is checked and the bad ones are reported by
 * line, so a person can fix the file.
 */
import type { SubscriberFrequency, SubscriberRow } from '../../storage/schema.js';
import { InvalidInputError } from '../errors.js';
import { isEmail } from '../users/user.service.js';

export const CSV_HEADER = ['email', 'status', 'frequency', 'source', 'created_at', 'confirmed_at', 'unsubscribed_at', 'stopped_reason'];
/** An import file of more rows is refused: split it. */
export const MAX_IMPORT_ROWS = 50_000;

const iso = (ms: number | null) => (ms === null ? '' : new Date(Number(ms)).toISOString());

export function subscriberCsvRow(s: SubscriberRow): string[] {
  return [s.email, s.status, s.frequency, s.source, iso(s.created_at), iso(s.confirmed_at), iso(s.unsubscribed_at), s.stopped_reason ?? ''];
}

export interface ImportRow {
  line: number;
  email: string;
  frequency: SubscriberFrequency;
  /** The consent date the file gives, or null (then the import's time stands for it). */
  confirmedAt: number | null;
}

export interface ParsedImport {
  rows: ImportRow[];
  /** Lines that could not be read, with why. */
  problems: { line: number; message: string }[];
}

export async function parseSubscriberCsv(text: string): Promise<ParsedImport> {
  // Loaded on the first import: a server that never imports a list needs none of the CSV reader.
  const { parse } = await import('csv-parse/sync');
  let records: Record<string, string>[];
  try {
    records = parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      to_line: MAX_IMPORT_ROWS + 2,
    });
  } catch (error) {
    throw new InvalidInputError(`This file is not CSV that can be read: ${(error as Error).message}`, 'file');
  }
  if (records.length === 0)
    throw new InvalidInputError('The file has no subscribers: it needs a header row with "email" and one row per address.', 'file');
  if (!('email' in records[0]!)) throw new InvalidInputError('The file needs a header row with a column named "email".', 'file');
  if (records.length > MAX_IMPORT_ROWS)
    throw new InvalidInputError(`At most ${MAX_IMPORT_ROWS} addresses can be imported at once: please split the file.`, 'file');

  const rows: ImportRow[] = [];
  const problems: ParsedImport['problems'] = [];
  records.forEach((record, index) => {
    const line = index + 2;
    const email = (record.email ?? '').toLowerCase();
    if (!isEmail(email) || email.length > 254) return problems.push({ line, message: `"${email.slice(0, 80)}" is not an e-mail address.` });
    const frequency = (record.frequency || 'each').toLowerCase();
    if (frequency !== 'each' && frequency !== 'weekly')
      return problems.push({ line, message: `The frequency must be "each" or "weekly", not "${frequency.slice(0, 40)}".` });
    let confirmedAt: number | null = null;
    if (record.confirmed_at) {
      confirmedAt = Date.parse(record.confirmed_at);
      if (Number.isNaN(confirmedAt)) return problems.push({ line, message: `"${record.confirmed_at.slice(0, 40)}" is not a date.` });
    }
    rows.push({ line, email, frequency, confirmedAt });
  });
  return { rows, problems };
}
