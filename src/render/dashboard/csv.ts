/**
 * CSV for the stats tables (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a
 * comma, quote or line break). A cell that a spreadsheet would read as a formula — starting with `=`,
 * `+`, `-`, `@`, a tab or a carriage return (OWASP's list for CSV injection) — is prefixed with `'`
 * so it stays text. Numbers are written as numbers.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The rows (the first being the header) as one CSV text. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
