/**
 * `dastan build --blog NAME --out DIR [--origin URL] [--search live|index]`: writes the blog as a static
 * site (src/build). A second build into the same folder writes only what changed and removes what is gone.
 */
import { Option, type Command } from 'commander';
import { loadTheme } from '../../render/theme.js';
import { OutputError } from '../../build/output-dir.js';
import { SEARCH_MODES, type SearchMode } from '../../build/host-files.js';
import { StaticBuilder } from '../../build/static-build.js';
import { CommandError, requireBlog, withContext } from '../context.js';

/** An origin for canonical links: http(s), a host, maybe a port, nothing after. */
export function parseOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CommandError(`--origin: "${raw}" is not an address like https://blog.example.com`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username)
    throw new CommandError(`--origin: "${raw}" must be http(s)://HOST[:PORT] with nothing after it`);
  return url.origin;
}

export function registerBuildCommand(program: Command): void {
  program
    .command('build')
    .description('write a blog as a static site (pages, feeds, sitemap, assets, redirects) into a folder; again: only what changed')
    .requiredOption('--blog <name>', 'the blog to build')
    .requiredOption('--out <dir>', 'the output folder (empty, missing, or an earlier build of this command)')
    .option('--origin <url>', "the live site's address for canonical links and feeds (default: the blog's address)")
    .addOption(
      new Option('--search <mode>', 'search: "live" sends searches to the live site, "index" searches in the browser')
        .choices([...SEARCH_MODES])
        .default('live'),
    )
    .action(async (opts: { blog: string; out: string; origin?: string; search: SearchMode }) => {
      const origin = opts.origin === undefined ? undefined : parseOrigin(opts.origin);
      await withContext(async (ctx) => {
        const blog = await requireBlog(ctx, opts.blog);
        const started = performance.now();
        const builder = new StaticBuilder(ctx.services, loadTheme());
        try {
          const result = await builder.build(blog, {
            out: opts.out,
            origin: origin ?? ctx.services.blogs.homeUrl(blog, { protocol: ctx.config.publicScheme, port: ctx.config.publicPort }),
            search: opts.search,
            warn: (message) => process.stderr.write(`warning: ${message}\n`),
            onStage: (stage) => process.stderr.write(`building ${blog.name}: ${stage}\n`),
          });
          const seconds = ((performance.now() - started) / 1000).toFixed(2);
          console.log(
            result.upToDate
              ? `${blog.name} is up to date in ${opts.out} (${result.files} files, ${seconds} s)`
              : `built ${blog.name} into ${opts.out}: ${result.files} files (${result.written} written, ${result.unchanged} unchanged, ${result.removed} removed), ${result.posts} posts and pages, ${result.redirects} redirects in ${seconds} s`,
          );
        } catch (error) {
          if (error instanceof OutputError) throw new CommandError(`--out: ${error.message}`);
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EACCES' || code === 'ENOTDIR' || code === 'EROFS' || code === 'ENOSPC')
            throw new CommandError(`--out: cannot write ${opts.out}: ${code}`);
          throw error;
        }
      });
    });
}
