/**
 * Import benchmark: generates a Blogger backup (10,000 posts and 50,000 threaded comments by default),
 * then imports it into an empty blog on a fresh SQLite file and — with `--database postgres://…` — on
 * PostgreSQL in a fresh schema (dropped afterwards), each run in a process of its own; prints the time,
 * CPU, phases and peak memory (resident set size sampled every 20 ms, and the process's maximum) for
 * each database. A program, not a test: it measures and prints.
 *
 *   npm run bench:import [-- --posts 10000 --comments 50000 --database postgres://postgres@127.0.0.1:5432/test]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateBloggerExport } from './generate-blogger-export.js';
import type { RunFigures } from './import-bench-run.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '10000' },
    comments: { type: 'string', default: '50000' },
    database: { type: 'string' },
    /** The older name of --database. */
    postgres: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const postgres = values.database ?? values.postgres;
if (postgres !== undefined && !/^postgres(ql)?:\/\//i.test(postgres)) {
  console.error(`--database: a postgres:// URL, please (SQLite always runs); got ${postgres}`);
  process.exit(2);
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const dir = mkdtempSync(path.join(tmpdir(), 'dastan-import-bench-'));
const file = path.join(dir, 'blogger-export.xml');
const started = Date.now();
const generated = await generateBloggerExport({ posts: Number(values.posts), comments: Number(values.comments), out: file });
console.log(
  `generated ${mb(statSync(file).size)} Blogger backup in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(generated)}`,
);

function run(database: string): Promise<RunFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', path.join(import.meta.dirname, 'import-bench-run.ts'), '--file', file, '--database', database],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as RunFigures);
      else reject(new Error(`the ${database} run failed (exit ${code})`));
    });
  });
}

/** Prints one database's figures (as soon as its run ends: a PostgreSQL run takes a while). */
function print(r: RunFigures): void {
  const phases = Object.entries(r.phases)
    .map(([name, s]) => `${name} ${s.toFixed(1)} s`)
    .join(', ');
  console.log(`\n${r.dialect}: ${r.posts.toLocaleString('en')} posts and pages, ${r.comments.toLocaleString('en')} comments`);
  console.log(
    `  time ${r.seconds.toFixed(1)} s (${Math.round(r.entries / r.seconds).toLocaleString('en')} entries/s; ${phases}); ` +
      `CPU ${r.cpuSeconds.toFixed(1)} s of this process (the database server's own CPU not counted)`,
  );
  console.log(
    `  memory: peak RSS ${r.peakRssMb} MB sampled (${r.maxRssMb} MB max RSS of the process), ${r.baselineRssMb} MB before; ` +
      `peak JS heap in use ${r.peakHeapMb} MB`,
  );
  console.log(
    `  threads: ${r.replies.toLocaleString('en')} replies linked to their parent (${generated.replies.toLocaleString('en')} in the file)`,
  );
  console.log(`  again (idempotent): added ${r.againAdded} entries in ${r.againSeconds.toFixed(1)} s`);
}

print(await run('sqlite'));
if (postgres) print(await run(postgres));
if (!values.keep) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
