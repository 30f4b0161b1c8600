/** Prints the benchmark's results: the load table, start-up figures, and the targets from PRODUCT.md. */

export interface LoadRow {
  page: string;
  /** `baseline`: bare node:http with its own two headers; `baseline-headers`: with Dastan's whole header list. */
  scenario: 'uncached' | 'cached' | 'baseline' | 'baseline-headers' | 'nginx';
  requestsPerSecond: number;
  /** Latency percentiles, in ms. */
  p50: number;
  p99: number;
  /** Responses other than 2xx, and connection errors. */
  failures: number;
  /** The server's CPU time per response (µs), from /proc. */
  serverCpuUs: number;
}

export interface StartRow {
  label: string;
  firstPageMs: number;
  /** CPU the server used from spawn to its first page. */
  startCpuMs: number;
  /** VmRSS 3 s after the first page. */
  idleRssMb: number;
  /** VmRSS 15 s after the first page, once V8 has shrunk its heap for a quiet process. */
  settledRssMb: number;
}

export interface Results {
  loads: LoadRow[];
  starts: StartRow[];
  /** The same readings of a bare node:http server. */
  bare: { idleRssMb: number; settledRssMb: number };
  pageBytes: Map<string, number>;
  cores: number;
  connections: number;
  /** The load generator every row was measured with. */
  generator: 'wrk' | 'autocannon';
}

const TARGET_UNCACHED_RPS = 2000;
const TARGET_CACHED_SHARE = 0.8;
const TARGET_IDLE_MB = 60;
const TARGET_FIRST_PAGE_S = 0.5;

const SCENARIO_NAMES: Record<LoadRow['scenario'], string> = {
  uncached: 'uncached',
  cached: 'cached',
  baseline: 'baseline (bare node:http, same body)',
  'baseline-headers': 'bare node:http, same headers and body',
  nginx: 'nginx (same bytes)',
};

const whole = (n: number) => Math.round(n).toLocaleString('en');

function table(rows: string[][], rightAligned: readonly number[]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows
    .map((row) =>
      row.map((cell, col) => (rightAligned.includes(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!))).join('   '),
    )
    .join('\n');
}

export function printResults(results: Results): void {
  const { loads, starts } = results;
  const find = (page: string, scenario: LoadRow['scenario']) => loads.find((l) => l.page === page && l.scenario === scenario);

  const sizes = [...results.pageBytes].map(([page, bytes]) => `${page} ${(bytes / 1024).toFixed(1)} KiB`).join(', ');
  console.log(`\nThroughput and latency (${results.generator}, ${results.connections} connections; ${sizes})\n`);
  const rows = [['scenario', 'req/s', 'p50', 'p99', '% of baseline', '% of same-headers baseline', 'server CPU/req', 'failed']];
  const share = (l: LoadRow, base: LoadRow | undefined) =>
    base ? `${((100 * l.requestsPerSecond) / base.requestsPerSecond).toFixed(0)} %` : '';
  for (const l of loads) {
    rows.push([
      `${l.page}, ${SCENARIO_NAMES[l.scenario]}`,
      whole(l.requestsPerSecond),
      `${l.p50} ms`,
      `${l.p99} ms`,
      share(l, find(l.page, 'baseline')),
      share(l, find(l.page, 'baseline-headers')),
      `${whole(l.serverCpuUs)} µs`,
      String(l.failures),
    ]);
  }
  console.log(table(rows, [1, 2, 3, 4, 5, 6, 7]));
  console.log(
    'baseline: bare node:http sending the same body with its own two headers (Content-Type, Content-Length); ' +
      "same headers: bare node:http sending the same whole answer, Dastan's whole header list and the body.",
  );

  console.log('');
  for (const s of starts) {
    console.log(
      `${s.label} server: first page ${(s.firstPageMs / 1000).toFixed(2)} s after spawn ` +
        `(${whole(s.startCpuMs)} ms of CPU); idle memory (VmRSS) ${s.idleRssMb.toFixed(1)} MB after 3 s, ` +
        `${s.settledRssMb.toFixed(1)} MB after 15 s`,
    );
  }
  console.log(
    `bare node:http server (the floor): ${results.bare.idleRssMb.toFixed(1)} MB after 3 s, ${results.bare.settledRssMb.toFixed(1)} MB after 15 s`,
  );

  const uncached = find('post page', 'uncached');
  const cached = find('post page', 'cached');
  const baseline = find('post page', 'baseline');
  const sameHeaders = find('post page', 'baseline-headers');
  const ratio = (base: LoadRow | undefined) => (cached && base ? cached.requestsPerSecond / base.requestsPerSecond : 0);
  const efficiency = (base: LoadRow | undefined) => (cached && base ? base.serverCpuUs / cached.serverCpuUs : 0);
  const cachedRows = [
    ['cached post page vs bare node:http (req/s)', ratio(baseline)],
    ['… vs bare node:http, same headers (req/s)', ratio(sameHeaders)],
    ['… vs bare node:http (CPU per request)', efficiency(baseline)],
    ['… vs bare node:http, same headers (CPU/req)', efficiency(sameHeaders)],
  ] as const;
  const idle = Math.max(...starts.map((s) => s.settledRssMb));
  const firstPage = Math.max(...starts.map((s) => s.firstPageMs)) / 1000;
  const verdict = (met: boolean) => (met ? 'met' : 'not met');
  console.log('\nTargets (PRODUCT.md)\n');
  console.log(
    table(
      [
        ['target', 'goal', 'measured', ''],
        [
          'uncached post page (25× Ghost 5’s ~86/s)',
          `≥ ${whole(TARGET_UNCACHED_RPS)} req/s`,
          `${whole(uncached?.requestsPerSecond ?? 0)} req/s`,
          verdict((uncached?.requestsPerSecond ?? 0) >= TARGET_UNCACHED_RPS),
        ],
        ...cachedRows.map(([name, value]) => [
          name,
          `≥ ${TARGET_CACHED_SHARE * 100} %`,
          `${(value * 100).toFixed(0)} %`,
          verdict(value >= TARGET_CACHED_SHARE),
        ]),
        ['idle memory after 15 s (worst run)', `≤ ${TARGET_IDLE_MB} MB`, `${idle.toFixed(1)} MB`, verdict(idle <= TARGET_IDLE_MB)],
        [
          'first page after start (worst run)',
          `≤ ${TARGET_FIRST_PAGE_S} s`,
          `${firstPage.toFixed(2)} s`,
          verdict(firstPage <= TARGET_FIRST_PAGE_S),
        ],
      ],
      [1, 2],
    ),
  );
  if (uncached && cached && baseline) {
    const perCore = (l: LoadRow) => whole(1_000_000 / l.serverCpuUs);
    console.log(
      `\nServer CPU per post page: uncached ${whole(uncached.serverCpuUs)} µs, cached ${whole(cached.serverCpuUs)} µs, ` +
        `baseline ${whole(baseline.serverCpuUs)} µs${sameHeaders ? ` (with the same headers ${whole(sameHeaders.serverCpuUs)} µs)` : ''}: at most ${perCore(uncached)}, ${perCore(cached)} and ${perCore(baseline)} ` +
        'responses a second for each core given wholly to the server.',
    );
  }
  console.log(
    results.generator === 'wrk'
      ? `\nLoad from wrk (one thread, written in C) on this machine's ${results.cores} core${results.cores === 1 ? '' : 's'}, shared with the ` +
          'server under test; the baselines are measured the same way, so "% of baseline" compares like with like.'
      : `\nNote: the load generator (autocannon) runs in the benchmark's own process and shares this machine's ${results.cores} ` +
          `core${results.cores === 1 ? '' : 's'} with the server under test; it tops out near a fast server's speed, so it ` +
          'flatters the "% of baseline" column (install wrk for an honest one).',
  );
}
