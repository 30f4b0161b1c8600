/**
 * Long lists cut into runs for multi-row statements and `in (…)` lists, so that none passes the
 * databases' limits on the values of one statement (SQLite 32,766, PostgreSQL 65,535).
 */

/** The list in runs of at most `size`, in order. */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let i = 0; i < list.length; i += size) runs.push(list.slice(i, i + size));
  return runs;
}
