/**
 * The static-site build, timed against Hugo: a blog of 4,000 posts (the benchmark's generator) built
 * by `dastan build` (the built command, as a user runs it: start-up included), then again with nothing
 * changed; and, when `hugo` is on PATH, the same posts as a Hugo site (HTML content files, tags, month
 * archives, a minimal theme with a sidebar like ours) built by `hugo`. Prints both times and the ratio.
 * Run alone with `npm run bench:build`; `npm run bench` runs it at its end.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStorage } from '../src/storage/database.js';
import { createServices } from '../src/services.js';
import { postPath } from '../src/domain/blogs/urls.js';
import { writeBenchBlog } from './bench-blog.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUILD_POSTS = 4000;

export interface BuildBenchResult {
  posts: number;
  dastan: Timing;
  dastanFiles: number;
  /** The second build, nothing changed. */
  dastanAgain: Timing;
  /** Undefined when Hugo is not installed. */
  hugo?: Timing & { files: number; version: string };
}

function countFiles(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1), 0);
}

/** CPU time (ms, user + system) of this process's finished children, from /proc (Linux); 0 elsewhere. */
function childrenCpuMs(): number {
  if (!existsSync('/proc/self/stat')) return 0;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // Fields 16 and 17 of stat(5) (cutime, cstime), in clock ticks of 10 ms.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

export interface Timing {
  /** Wall time, ms. */
  ms: number;
  /** CPU time on all cores, ms: the steadier figure on a shared machine. */
  cpuMs: number;
}

/** Runs a command to its end; its wall and CPU time. */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timing {
  const started = performance.now();
  const cpuBefore = childrenCpuMs();
  const run = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr || run.error?.message}`);
  return { ms: performance.now() - started, cpuMs: childrenCpuMs() - cpuBefore };
}

function hugoVersion(): string | undefined {
  const probe = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim().split(' ')[1] : undefined;
}

const LAYOUTS: Record<string, string> = {
  '_default/baseof.html': `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title><link rel="canonical" href="{{ .Permalink }}">
{{ range .AlternativeOutputFormats }}<link rel="alternate" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head><body><a href="#main">Skip to main content</a>
<header><a href="/">{{ .Site.Title }}</a><p>{{ .Site.Params.description }}</p></header>
<main id="main">{{ block "main" . }}{{ end }}</main>
{{ partialCached "sidebar.html" . }}
</body></html>`,
  '_default/single.html': `{{ define "title" }}{{ .Title }} | {{ .Site.Title }}{{ end }}{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time> by {{ .Params.author }}</p>
<p>{{ range .Params.tags }}<a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>
{{ .Content }}</article>
<nav>{{ with .NextInSection }}<a href="{{ .RelPermalink }}">Newer Post</a>{{ end }} {{ with .PrevInSection }}<a href="{{ .RelPermalink }}">Older Post</a>{{ end }}</nav>{{ end }}`,
  '_default/list.html': `{{ define "main" }}<h1>{{ .Title }}</h1>{{ $pages := .Paginate .Pages }}{{ partial "summaries.html" $pages }}{{ template "_internal/pagination.html" . }}{{ end }}`,
  'index.html': `{{ define "main" }}{{ $pages := .Paginate (where .Site.RegularPages "Section" "posts") }}{{ partial "summaries.html" $pages }}{{ template "_internal/pagination.html" . }}{{ end }}`,
  '404.html': `{{ define "main" }}<h1>Page not found</h1>{{ end }}`,
  'partials/summaries.html': `{{ range .Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><time>{{ .Date.Format "January 2, 2006" }}</time><p>{{ .Summary | plainify | truncate 300 }}</p></article>{{ end }}`,
  'partials/sidebar.html': `<aside><h2>Labels</h2><ul>{{ range .Site.Taxonomies.tags.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
<h2>Blog archive</h2><ul>{{ range .Site.Taxonomies.archives.Alphabetical.Reverse }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
<h2>Recent posts</h2><ul>{{ range first 5 (where .Site.RegularPages "Section" "posts") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></aside>`,
};

/** Writes the blog's live posts as a Hugo site: HTML content files with front matter, a config and the layouts. */
async function writeHugoSite(databaseUrl: string, dir: string): Promise<void> {
  const storage = openStorage(databaseUrl);
  try {
    const services = createServices(storage, { baseDomain: 'localhost' });
    const blog = (await services.repositories.blogs.findByName('bench'))!;
    const posts = await services.repositories.posts.newestLive(blog.id, 1_000_000, 0);
    const labels = await services.repositories.posts.labelsOf(posts.map((p) => p.id));
    mkdirSync(path.join(dir, 'content/posts'), { recursive: true });
    const config = {
      baseURL: 'http://bench.localhost/',
      title: blog.title,
      languageCode: 'en',
      paginate: blog.posts_per_page,
      enableRobotsTXT: true,
      taxonomies: { tag: 'tags', archive: 'archives' },
      params: { description: blog.description },
    };
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
    for (const post of posts) {
      const front = {
        title: post.title,
        date: new Date(post.published_at ?? 0).toISOString(),
        url: postPath(post),
        author: post.author_name,
        tags: labels.get(post.id) ?? [],
        archives: [`${post.path_year}-${String(post.path_month).padStart(2, '0')}`],
      };
      writeFileSync(path.join(dir, 'content/posts', `${post.id}.html`), `${JSON.stringify(front, null, 2)}\n${post.body_html}\n`);
    }
    for (const [file, text] of Object.entries(LAYOUTS)) {
      mkdirSync(path.dirname(path.join(dir, 'layouts', file)), { recursive: true });
      writeFileSync(path.join(dir, 'layouts', file), text);
    }
  } finally {
    await storage.close();
  }
}

export async function runBuildBench(posts = BUILD_POSTS): Promise<BuildBenchResult> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'dastan-build-bench-'));
  try {
    const databaseUrl = path.join(tmp, 'bench.db');
    console.log(`Writing a blog of ${posts.toLocaleString('en')} posts for the static build…`);
    await writeBenchBlog(databaseUrl, posts);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: path.join(tmp, 'data'),
      BASE_DOMAIN: 'localhost',
      LOG_LEVEL: 'warn',
    };
    delete env.DASTAN_CONFIG;
    const out = path.join(tmp, 'out');
    console.log('Building it with `dastan build`…');
    const dastan = timed(process.execPath, ['bin/dastan.js', 'build', '--blog', 'bench', '--out', out], env);
    const dastanAgain = timed(process.execPath, ['bin/dastan.js', 'build', '--blog', 'bench', '--out', out], env);
    const result: BuildBenchResult = { posts, dastan, dastanAgain, dastanFiles: countFiles(out) - 1 };
    const version = hugoVersion();
    if (version) {
      const site = path.join(tmp, 'hugo');
      await writeHugoSite(databaseUrl, site);
      console.log(`Building the same posts with Hugo ${version}…`);
      const hugoOut = path.join(tmp, 'hugo-out');
      const hugo = timed('hugo', ['--quiet', '--source', site, '--destination', hugoOut]);
      result.hugo = { ...hugo, files: statSync(hugoOut).isDirectory() ? countFiles(hugoOut) : 0, version };
    }
    return result;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export function printBuildResults(r: BuildBenchResult): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const row = (name: string, t: Timing, files?: number) =>
    console.log(
      `  ${name.padEnd(26)} ${s(t.ms).padStart(9)} ${s(t.cpuMs).padStart(9)}  ${files === undefined ? '' : `${files.toLocaleString('en')} files`}`,
    );
  console.log(`\nStatic-site build of ${r.posts.toLocaleString('en')} posts: wall time (start-up included) and CPU time on all cores`);
  console.log(`  (load average ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores: on a shared machine the figures are noisy)`);
  row('dastan build', r.dastan, r.dastanFiles);
  row('dastan build, unchanged', r.dastanAgain);
  if (!r.hugo) {
    console.log('  Hugo not installed: no comparison (install the `hugo` package to build the same posts with it)');
    return;
  }
  row(`hugo ${r.hugo.version}`, r.hugo, r.hugo.files);
  console.log(
    `  dastan / hugo: ${(r.dastan.ms / r.hugo.ms).toFixed(2)}× wall, ${(r.dastan.cpuMs / Math.max(1, r.hugo.cpuMs)).toFixed(2)}× CPU (goal: below 1×, faster than Hugo)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const posts = process.env.BENCH_BUILD_POSTS ? Number(process.env.BENCH_BUILD_POSTS) : BUILD_POSTS;
  printBuildResults(await runBuildBench(posts));
}
