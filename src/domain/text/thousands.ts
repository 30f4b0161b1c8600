/** Whole numbers written with thousands separators, for messages in English. */

/**
 * 100000 → "100,000" without Intl: schemas with such messages are built when the server starts, and the
 * first `toLocaleString` loads ICU's number data (~35 ms and a few MB that a reader's page never needs).
 */
export function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
