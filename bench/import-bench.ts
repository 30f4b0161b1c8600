/**
 * Import benchmark: generates a Blogger backup (10,000 posts and 50,000 threaded comments by default)
 * and a Jekyll site of Markdown posts (2,000 by default, every fifth showing one of the site's images),
 * then imports each into an empty blog on a fresh SQLite file and — with `--database postgres://…` — on
 * PostgreSQL in a fresh schema (dropped afterwards), each run in a process of its own; prints the time,
 * posts a second, CPU, phases and peak memory (resident set size sampled every 20 ms, and the process's
 * maximum) for each. A program, not a test: it measures and prints.
 *
 *   npm run bench:import [-- --posts 10000 --comments 50000 --markdown-posts 2000 --database postgres://postgres@127.0.0.1:5432/test]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateBloggerExport } from './generate-blogger-export.js';
import { generateMarkdownSite } from './generate-markdown-site.js';
import type { RunFigures } from './import-bench-run.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '10000' },
    comments: { type: 'string', default: '50000' },
    'markdown-posts': { type: 'string', default: '2000' },
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

const site = path.join(dir, 'jekyll-site');
const siteStarted = Date.now();
const siteGenerated = await generateMarkdownSite({ posts: Number(values['markdown-posts']), out: site });
console.log(`generated a Jekyll site in ${((Date.now() - siteStarted) / 1000).toFixed(1)} s: ${JSON.stringify(siteGenerated)}`);

function run(database: string, file: string): Promise<RunFigures> {
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

/** Prints one run's figures (as soon as it ends: a PostgreSQL run takes a while). */
function print(r: RunFigures, source: string): void {
  const phases = Object.entries(r.phases)
    .map(([name, s]) => `${name} ${s.toFixed(1)} s`)
    .join(', ');
  console.log(`\n${r.dialect}, ${source}: ${r.posts.toLocaleString('en')} posts and pages, ${r.comments.toLocaleString('en')} comments`);
  console.log(
    `  time ${r.seconds.toFixed(1)} s (${Math.round(r.posts / r.seconds).toLocaleString('en')} posts/s, ${Math.round(r.entries / r.seconds).toLocaleString('en')} entries/s; ${phases}); ` +
      `CPU ${r.cpuSeconds.toFixed(1)} s of this process (the database server's own CPU not counted)`,
  );
  console.log(
    `  memory: peak RSS ${r.peakRssMb} MB sampled (${r.maxRssMb} MB max RSS of the process), ${r.baselineRssMb} MB before; ` +
      `peak JS heap in use ${r.peakHeapMb} MB`,
  );
  if (r.comments > 0) {
    console.log(
      `  threads: ${r.replies.toLocaleString('en')} replies linked to their parent (${generated.replies.toLocaleString('en')} in the file)`,
    );
  }
  if (r.imagesStored !== undefined) console.log(`  images copied into the uploads: ${r.imagesStored}`);
  console.log(`  again (idempotent): added ${r.againAdded} entries in ${r.againSeconds.toFixed(1)} s`);
}

for (const database of postgres ? ['sqlite', postgres] : ['sqlite']) {
  print(await run(database, file), 'Blogger backup');
  print(await run(database, site), 'Jekyll site (Markdown folder)');
}
if (!values.keep) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
