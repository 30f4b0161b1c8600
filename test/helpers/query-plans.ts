/**
 * Reads a query plan and names what in it grows with the table: a full scan of a table, or of an index
 * (reading every entry of an index in order costs as much), never what an index condition bounds.
 */

/** Tables small by design (a handful of rows an install or a blog), that may be read whole. */
const SMALL_TABLES = new Set(['platform_flags', 'blog_view_windows']);

/**
 * SQLite `EXPLAIN QUERY PLAN` rows (`detail`): `SCAN t` and `SCAN t USING [COVERING] INDEX i` read all of
 * `t`, and so do an automatic index and a Bloom filter, built afresh on each run; `SEARCH t USING INDEX i
 * (a=?)` is bounded. The full-text index's virtual table is searched by MATCH.
 */
function sqliteProblems(plan: readonly string[]): string[] {
  const problems: string[] = [];
  // A subquery's own rows (`CO-ROUTINE v`, `MATERIALIZE v`) are what its searches, checked on their own lines, found.
  const derived = new Set(plan.flatMap((line) => /^(?:CO-ROUTINE|MATERIALIZE) (\w+)/.exec(line.trim())?.[1] ?? []));
  for (const line of plan) {
    // An automatic index, or a Bloom filter, is built on each run by reading the table's matching rows.
    const built = /^(?:SEARCH (\w+) USING AUTOMATIC .*INDEX|BLOOM FILTER ON (\w+))/.exec(line.trim());
    if (built && !SMALL_TABLES.has((built[1] ?? built[2])!))
      problems.push(`builds on every run from all of ${built[1] ?? built[2]}: ${line.trim()}`);
    const scan = /^SCAN (\w+)(.*)$/.exec(line.trim());
    if (!scan) continue;
    const [, table, rest] = scan;
    if (rest!.includes('VIRTUAL TABLE') || SMALL_TABLES.has(table!) || derived.has(table!)) continue;
    if (table === 'CONSTANT') continue;
    problems.push(`reads all of ${table}: ${line.trim()}`);
  }
  return problems;
}

/**
 * PostgreSQL `EXPLAIN` text: a `Seq Scan on t` left with `enable_seqscan = off` means no index serves; an
 * `Index Scan`/`Index Only Scan` without an `Index Cond` reads the whole index.
 */
function postgresProblems(plan: readonly string[]): string[] {
  const problems: string[] = [];
  // Each node starts at its first line (the first of all, or one with "->"); its details follow, deeper.
  const nodes: { head: string; details: string[] }[] = [];
  for (const line of plan) {
    if (nodes.length === 0 || line.includes('->')) nodes.push({ head: line.trim(), details: [] });
    else nodes.at(-1)!.details.push(line.trim());
  }
  for (const node of nodes) {
    const seq = /Seq Scan on (\w+)/.exec(node.head);
    if (seq && !SMALL_TABLES.has(seq[1]!)) problems.push(`reads all of ${seq[1]}: ${node.head}`);
    const index = /Index (?:Only )?Scan(?: Backward)? using (\w+) on (\w+)/.exec(node.head);
    if (index && !SMALL_TABLES.has(index[2]!) && !node.details.some((d) => d.startsWith('Index Cond:'))) {
      problems.push(`reads all of index ${index[1]}: ${node.head}`);
    }
  }
  return problems;
}

/**
 * A query that returns a few rows (LIMIT) but sorts: it reads and sorts every row that matches, however
 * many, where an index in the order asked for would stop after the few.
 */
function sortsForLimit(dialect: 'sqlite' | 'postgres', query: string, parameters: readonly unknown[], plan: readonly string[]): string[] {
  const limit = limitOf(query, parameters);
  // Past 1,000 rows a query asks for all of something (a blog's labels, say), which sorting after reading is right for.
  if (limit === undefined || limit > 1000) return [];
  // A total's groups are sorted, not the rows (those reads are checked above); search ranks by relevance,
  // which no index orders by (docs/performance.md, "Search": its own plan).
  if (/\bgroup by\b/i.test(query) || /\b(bm25|ts_rank)\(/.test(query)) return [];
  const sorts =
    dialect === 'sqlite'
      ? plan.some((l) => l.includes('USE TEMP B-TREE FOR ORDER BY'))
      : plan.some((l) => /^(->\s+)?Sort\b/.test(l.trim()));
  return sorts ? ['sorts every matching row to return the first few (no index in the order asked for)'] : [];
}

/** The value of the query's LIMIT (a `?` or `$n` placeholder, or a number), or undefined without one. */
function limitOf(query: string, parameters: readonly unknown[]): number | undefined {
  const match = /\blimit\s+(\?|\$(\d+)|(\d+))/i.exec(query);
  if (!match) return undefined;
  if (match[3]) return Number(match[3]);
  if (match[2]) return Number(parameters[Number(match[2]) - 1]);
  // SQLite's placeholders are numbered by their place: count those before the LIMIT.
  return Number(parameters[(query.slice(0, match.index).match(/\?/g) ?? []).length]);
}

/** What in this plan grows with the table; empty when every read is bounded by an index condition. */
export function planProblems(
  dialect: 'sqlite' | 'postgres',
  query: string,
  parameters: readonly unknown[],
  plan: readonly string[],
): string[] {
  return [...(dialect === 'sqlite' ? sqliteProblems(plan) : postgresProblems(plan)), ...sortsForLimit(dialect, query, parameters, plan)];
}
