/** Prints the scale bench's table: each page kind's p50, p99 and req/s at each size, and the largest size against the smallest. */
import type { Generator, LoadResult } from '../load-generator.js';

export interface ScaleRun {
  database: 'sqlite' | 'postgres';
  size: number;
  writeSeconds: number;
  /** `note`: what the page answered after the load when that was not what it should (its figures then measure that). */
  pages: ({ kind: string; note?: string; cpuPerRequestMs: number } & LoadResult)[];
  /** The server's resident memory after the last page. */
  rssMb: number;
}

/** The goal: every figure at the largest size within 2× of the same figure at the smallest. */
const GOAL = 2;

function fixed(n: number, digits = 1): string {
  return n.toFixed(digits);
}

export function printScaleResults(runs: readonly ScaleRun[], generator: Generator): void {
  for (const database of ['sqlite', 'postgres'] as const) {
    const mine = runs.filter((r) => r.database === database).sort((a, b) => a.size - b.size);
    if (mine.length === 0) continue;
    const smallest = mine[0]!;
    const largest = mine.at(-1)!;
    const sizes = mine.map((r) => r.size.toLocaleString('en'));
    console.log(
      `\n${database}, load by ${generator}: p50 / p99 (ms), req/s and the server's CPU per request (ms) at ${sizes.join(' / ')} posts`,
    );
    console.log(
      `| page | ${sizes.map((s) => `${s}: p50 / p99 / req/s / CPU`).join(' | ')} | ${largest.size.toLocaleString('en')} ÷ ${smallest.size.toLocaleString('en')}: worst figure / CPU |`,
    );
    console.log(`| --- | ${sizes.map(() => '---').join(' | ')} | --- |`);
    for (const { kind } of smallest.pages) {
      const cells = mine.map((r) => {
        const p = r.pages.find((x) => x.kind === kind)!;
        return `${fixed(p.p50)} / ${fixed(p.p99)} / ${Math.round(p.requestsPerSecond).toLocaleString('en')} / ${fixed(p.cpuPerRequestMs, 2)}${p.failures > 0 && !kind.includes('404') ? ` (${p.failures} failed)` : ''}${p.note ? ` (${p.note})` : ''}`;
      });
      const a = smallest.pages.find((x) => x.kind === kind)!;
      const b = largest.pages.find((x) => x.kind === kind)!;
      // How much worse the largest size is, by the worst of the three figures.
      const worse = Math.max(b.p50 / a.p50, b.p99 / a.p99, a.requestsPerSecond / b.requestsPerSecond);
      // The server's own CPU per request: what a shared machine's load moves least.
      const cpu = b.cpuPerRequestMs / a.cpuPerRequestMs;
      console.log(
        `| ${kind} | ${cells.join(' | ')} | ${fixed(worse)}×${worse > GOAL ? ' ✗' : ''} / ${fixed(cpu)}×${cpu > GOAL ? ' ✗' : ''} |`,
      );
    }
    console.log(`| server memory (RSS after the pages) | ${mine.map((r) => `${Math.round(r.rssMb)} MB`).join(' | ')} | |`);
    console.log(`| time to write the data | ${mine.map((r) => `${fixed(r.writeSeconds)} s`).join(' | ')} | |`);
  }
  console.log(`\nGoal: every figure at the largest size within ${GOAL}× of the smallest (✗: not met).`);
}
