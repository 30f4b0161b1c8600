/**
 * Import benchmark: generates a Blogger backup (10,000 posts and 50,000 threaded comments by
 * default), imports it into an empty blog on a fresh SQLite file (or PostgreSQL with --postgres URL),
 * and prints the time and the peak memory (resident set size, sampled every 20 ms, and the
 * process's maximum). A program, not a test: it measures and prints.
 *
 *   npx tsx bench/import-bench.ts [--posts 10000] [--comments 50000] [--postgres URL]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStorage } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrator.js';
import { createServices } from '../src/services.js';
import { generateBloggerExport } from './generate-blogger-export.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '10000' },
    comments: { type: 'string', default: '50000' },
    postgres: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const dir = mkdtempSync(path.join(tmpdir(), 'dastan-import-bench-'));
const file = path.join(dir, 'blogger-export.xml');
let started = Date.now();
const generated = await generateBloggerExport({ posts: Number(values.posts), comments: Number(values.comments), out: file });
console.log(
  `generated ${mb(statSync(file).size)} Blogger backup in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(generated)}`,
);

const databaseUrl = values.postgres ?? path.join(dir, 'bench.db');
const storage = openStorage(databaseUrl);
await migrateToLatest(storage);
const services = createServices(storage, { baseDomain: 'bench.test' });
const blog = await services.blogs.createBlog({ name: `bench${Date.now()}`, title: 'Bench' });

global.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
let peakHeap = 0;
const sampler = setInterval(() => {
  const memory = process.memoryUsage();
  peak = Math.max(peak, memory.rss);
  peakHeap = Math.max(peakHeap, memory.heapUsed);
}, 20);
started = Date.now();
const cpuBefore = process.cpuUsage();
let phaseAt = started;
let phase = '';
const report = await services.importer.importFile(file, {
  blogId: blog.id,
  onProgress: (p) => {
    if (p.phase !== phase) {
      if (phase) console.log(`  ${phase}: ${((Date.now() - phaseAt) / 1000).toFixed(1)} s`);
      phase = p.phase;
      phaseAt = Date.now();
    }
  },
});
console.log(`  ${phase}: ${((Date.now() - phaseAt) / 1000).toFixed(1)} s`);
const seconds = (Date.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);

const a = report.added;
console.log(
  `imported on ${storage.dialect.name}: ${a.posts} posts, ${a.pages} pages, ${a.drafts} drafts, ${a.comments} comments, ${a.labels} labels`,
);
console.log(
  `time: ${seconds.toFixed(1)} s (${Math.round((a.posts + a.pages + a.comments) / seconds)} entries/s); ` +
    `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (one core; other work on the machine shows in the first figure only)`,
);
console.log(
  `memory: peak RSS ${mb(peak)} sampled (${mb(process.resourceUsage().maxRSS * 1024)} max RSS of the process), ` +
    `${mb(baseline)} before the import; peak JS heap in use ${mb(peakHeap)} (V8 grows the heap lazily: ` +
    `with --max-old-space-size=128 the same import fits in it)`,
);
const replies = await storage.db
  .selectFrom('comments')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('blog_id', '=', blog.id)
  .where('parent_id', 'is not', null)
  .executeTakeFirst();
console.log(`threads: ${Number(replies?.n)} replies linked to their parent (${generated.replies} in the file)`);

started = Date.now();
const again = await services.importer.importFile(file, { blogId: blog.id });
console.log(
  `again (idempotent): added ${again.added.posts + again.added.pages + again.added.comments} entries in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
await storage.close();
if (!values.keep) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
