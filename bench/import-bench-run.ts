/**
 * One run of the import benchmark, in a process of its own (so each database's memory figures are its
 * own): imports a Blogger backup (or a Markdown site's folder) into an empty blog on a fresh SQLite file, or on PostgreSQL in a
 * fresh schema that is dropped afterwards; prints the figures as JSON, as the last line of standard
 * output, for bench/import-bench.ts.
 *
 *   npx tsx bench/import-bench-run.ts --file EXPORT.xml --database sqlite|postgres://… --replies N
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { isPostgresUrl, openStorage, type Storage } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrator.js';
import { createServices } from '../src/services.js';

export interface RunFigures {
  dialect: string;
  entries: number;
  posts: number;
  comments: number;
  replies: number;
  seconds: number;
  cpuSeconds: number;
  phases: Record<string, number>;
  peakRssMb: number;
  maxRssMb: number;
  baselineRssMb: number;
  peakHeapMb: number;
  againSeconds: number;
  againAdded: number;
  /** Images a Markdown site carried, copied into the uploads. */
  imagesStored?: number;
}

const { values } = parseArgs({ options: { file: { type: 'string' }, database: { type: 'string', default: 'sqlite' } } });
const file = values.file!;
const toMb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** A fresh database: a SQLite file in a new folder, or a new PostgreSQL schema; `drop` removes it. */
async function freshDatabase(url: string): Promise<{ storage: Storage; drop: () => Promise<void> }> {
  if (!isPostgresUrl(url)) {
    const dir = mkdtempSync(path.join(tmpdir(), 'dastan-import-bench-db-'));
    const storage = openStorage(path.join(dir, 'bench.db'));
    return { storage, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return {
    storage: openStorage(url, { searchPath: schema }),
    drop: async () => {
      const cleaner = new pg.Client({ connectionString: url });
      await cleaner.connect();
      await cleaner.query(`drop schema ${schema} cascade`);
      await cleaner.end();
    },
  };
}

const { storage, drop } = await freshDatabase(values.database);
try {
  await migrateToLatest(storage);
  const services = createServices(storage, { baseDomain: 'bench.test' });
  const blog = await services.blogs.createBlog({ name: 'bench', title: 'Bench' });

  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const memory = process.memoryUsage();
    peak = Math.max(peak, memory.rss);
    peakHeap = Math.max(peakHeap, memory.heapUsed);
  }, 20);
  const phases: Record<string, number> = {};
  let phase = '';
  let phaseAt = Date.now();
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  const report = await services.importer.importFile(file, {
    blogId: blog.id,
    onProgress: (p) => {
      if (p.phase === phase) return;
      if (phase) phases[phase] = (Date.now() - phaseAt) / 1000;
      phase = p.phase;
      phaseAt = Date.now();
    },
  });
  phases[phase] = (Date.now() - phaseAt) / 1000;
  const seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);

  const replies = await storage.db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('blog_id', '=', blog.id)
    .where('parent_id', 'is not', null)
    .executeTakeFirst();
  const a = report.added;

  const againStarted = Date.now();
  const again = await services.importer.importFile(file, { blogId: blog.id });
  const figures: RunFigures = {
    dialect: storage.dialect.name,
    entries: a.posts + a.pages + a.comments,
    posts: a.posts + a.pages,
    comments: a.comments,
    replies: Number(replies?.n),
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    phases,
    peakRssMb: toMb(peak),
    maxRssMb: toMb(process.resourceUsage().maxRSS * 1024),
    baselineRssMb: toMb(baseline),
    peakHeapMb: toMb(peakHeap),
    againSeconds: (Date.now() - againStarted) / 1000,
    againAdded: again.added.posts + again.added.pages + again.added.comments,
    imagesStored: report.mediaDownload?.stored,
  };
  await storage.close();
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  await drop();
}
